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
//   TfjsGeneralizedSmeLU           x, params → y
//   TfjsGeneralizedSmeLUGradX      dy, x, params → dx
//   TfjsGeneralizedSmeLUGrad{Alpha,Beta,GNeg,GPos,Shift}
//                                  dy, x, target, params → Σ dy·∂f/∂p, shaped as p
// β of SmeLU arrives as [hi, lo], float32(β) and float32(β − hi), as the
// composite op chain splits it (splitBeta in src/kernels/smelu_math.ts).
// The g-SmeLU ops' attrs: axis: int (the channel axis); tensor_param_mask:
// int, bit p set where parameter p (α, β, g₋, g₊, t) is a tensor, the next
// one of the list input `params: N * float`; param_values: list(float), the
// values of the other parameters (one entry per parameter; those of tensors
// are not read). A parameter gradient op's `target` is p's tensor (also in
// `params`), whose shape its output takes.
const std::vector<std::string>& OpNames();

// Registers every op and its CPU kernel with TensorFlow, once per process.
// Returns "" on success, else TensorFlow's message.
std::string RegisterOps();

// How many times each op's kernel has run (OpNames() order).
std::vector<uint64_t> CallCounts();

// The version of the ops' signatures (inputs and attrs). The JavaScript side
// refuses a library whose version is not the one it was written for
// (src/kernels/tensorflow/native_library.ts): 2 since the g-SmeLU ops take
// number parameters as attrs.
constexpr int kOpsAbiVersion = 2;

}  // namespace tfjs_smelu

#endif  // TFJS_SMELU_OPS_H_
