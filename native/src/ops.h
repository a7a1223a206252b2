// The TensorFlow ops this library registers, and what the N-API module
// (addon.cc) reports about them.
#ifndef TFJS_SMELU_OPS_H_
#define TFJS_SMELU_OPS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tfjs_smelu {

// Op names, in the order of the call counters.
//   TfjsSmeLU                      x → y;           attr beta: list(float)
//   TfjsSmeLUGrad                  dy, x → dx;      attr beta: list(float)
//   TfjsGeneralizedSmeLU           x, α, β, g₋, g₊, t → y;       attr axis: int
//   TfjsGeneralizedSmeLUGradX      dy, x, α, β, g₋, g₊, t → dx;  attr axis: int
//   TfjsGeneralizedSmeLUGrad{Alpha,Beta,GNeg,GPos,Shift}
//                                  dy, x, α, β, g₋, g₊, t → Σ dy·∂f/∂p, shaped as p
// β of SmeLU arrives as [hi, lo], float32(β) and float32(β − hi), as the
// composite op chain splits it (splitBeta in src/kernels/smelu_math.ts).
const std::vector<std::string>& OpNames();

// Registers every op and its CPU kernel with TensorFlow, once per process.
// Returns "" on success, else TensorFlow's message.
std::string RegisterOps();

// How many times each op's kernel has run (OpNames() order).
std::vector<uint64_t> CallCounts();

}  // namespace tfjs_smelu

#endif  // TFJS_SMELU_OPS_H_
