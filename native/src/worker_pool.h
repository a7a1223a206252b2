// Splits large element loops over the machine's cores. TensorFlow's C kernel
// API gives a kernel no access to TF's own thread pool, so the library keeps
// a small pool of its own: threads that sleep on a condition variable between
// calls, woken for calls large enough that splitting pays (the threshold is
// measured; see docs/native-tensorflow-ops.md).
#ifndef TFJS_SMELU_WORKER_POOL_H_
#define TFJS_SMELU_WORKER_POOL_H_

#include <cstdint>
#include <functional>

namespace tfjs_smelu {

struct Parallelism {
  // Threads a call may use, the calling thread included (≥ 1).
  int threads;
  // Elements each part gets at least: a call of n elements runs in
  // min(4·threads, n / min_elements_per_part) parts (1 below 2).
  int64_t min_elements_per_part;
};

Parallelism GetParallelism();
// threads ≤ 0 keeps the current value; min_elements_per_part ≤ 0 too.
void SetParallelism(int threads, int64_t min_elements_per_part);

// How many parts a loop over `n` elements runs in, given `cost` (work per
// element relative to a SmeLU forward element, ≥ 1).
int PartsFor(int64_t n, int cost = 1);

// Runs body(part) for part = 0 .. parts − 1, spread over the pool's threads
// and the calling thread; returns when every part has finished. Parts run
// concurrently, so they must write disjoint memory. A call made while another
// is in flight runs its parts on the calling thread alone.
void RunParts(int parts, const std::function<void(int)>& body);

// [begin, end) of part `part` when n elements are split into `parts`
// contiguous ranges whose boundaries are multiples of 16 elements (whole
// cache lines of float32, so no two parts write the same line).
void PartRange(int64_t n, int parts, int part, int64_t* begin, int64_t* end);

}  // namespace tfjs_smelu

#endif  // TFJS_SMELU_WORKER_POOL_H_
