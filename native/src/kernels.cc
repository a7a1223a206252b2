// SmeLU and g-SmeLU as TensorFlow ops with CPU kernels, through TensorFlow's
// C op and kernel API (tensorflow/c/ops.h, tensorflow/c/kernels.h): one pass
// over the data per call, float32 arithmetic (element_math.h), parameter
// gradients summed in float64, large calls split over threads (worker_pool.h).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "element_math.h"
#include "ops.h"
#include "tensorflow/c/kernels.h"
#include "tensorflow/c/ops.h"
#include "tensorflow/c/tf_status.h"
#include "tensorflow/c/tf_tensor.h"
#include "worker_pool.h"

// Each hot loop is compiled twice, for AVX2 and for the x86-64 baseline, and
// the loader picks one for the CPU it runs on (GNU ifunc). No FMA (not in the
// target, and -ffp-contract=off): results do not depend on the CPU.
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define TFJS_SMELU_HOT __attribute__((target_clones("avx2", "default")))
#else
#define TFJS_SMELU_HOT
#endif

namespace tfjs_smelu {
namespace {

enum OpIndex {
  kSmelu = 0,
  kSmeluGrad,
  kGeneralized,
  kGeneralizedGradX,
  kGeneralizedGradAlpha,
  kGeneralizedGradBeta,
  kGeneralizedGradGNeg,
  kGeneralizedGradGPos,
  kGeneralizedGradShift,
  kOpCount,
};

const char* const kOpNames[kOpCount] = {
    "TfjsSmeLU",
    "TfjsSmeLUGrad",
    "TfjsGeneralizedSmeLU",
    "TfjsGeneralizedSmeLUGradX",
    "TfjsGeneralizedSmeLUGradAlpha",
    "TfjsGeneralizedSmeLUGradBeta",
    "TfjsGeneralizedSmeLUGradGNeg",
    "TfjsGeneralizedSmeLUGradGPos",
    "TfjsGeneralizedSmeLUGradShift",
};

std::atomic<uint64_t> call_counts[kOpCount];

// Work per element relative to a SmeLU forward element (sets where a call
// starts to be split over threads).
constexpr int kSmeluGradCost = 1;
constexpr int kGeneralizedCost = 2;

// ---------------------------------------------------------------------------
// Small RAII helpers.

class Status {
 public:
  Status() : status_(TF_NewStatus()) {}
  ~Status() { TF_DeleteStatus(status_); }
  Status(const Status&) = delete;
  Status& operator=(const Status&) = delete;
  TF_Status* get() const { return status_; }
  bool ok() const { return TF_GetCode(status_) == TF_OK; }
  void Set(TF_Code code, const std::string& message) { TF_SetStatus(status_, code, message.c_str()); }

 private:
  TF_Status* status_;
};

class Tensor {
 public:
  Tensor() = default;
  ~Tensor() {
    if (tensor_ != nullptr) TF_DeleteTensor(tensor_);
  }
  Tensor(const Tensor&) = delete;
  Tensor& operator=(const Tensor&) = delete;
  TF_Tensor** out() { return &tensor_; }
  void reset(TF_Tensor* t) {
    if (tensor_ != nullptr) TF_DeleteTensor(tensor_);
    tensor_ = t;
  }
  TF_Tensor* get() const { return tensor_; }
  int64_t size() const { return TF_TensorElementCount(tensor_); }
  std::vector<int64_t> dims() const {
    std::vector<int64_t> d(TF_NumDims(tensor_));
    for (size_t i = 0; i < d.size(); ++i) d[i] = TF_Dim(tensor_, static_cast<int>(i));
    return d;
  }
  const float* data() const { return static_cast<const float*>(TF_TensorData(tensor_)); }
  float* mutable_data() const { return static_cast<float*>(TF_TensorData(tensor_)); }

 private:
  TF_Tensor* tensor_ = nullptr;
};

void Fail(TF_OpKernelContext* ctx, TF_Code code, const std::string& message) {
  Status status;
  status.Set(code, message);
  TF_OpKernelContext_Failure(ctx, status.get());
}

// Reads input `index`; on failure reports it and returns false.
bool GetInput(TF_OpKernelContext* ctx, int index, Tensor* tensor) {
  Status status;
  TF_GetInput(ctx, index, tensor->out(), status.get());
  if (!status.ok()) {
    TF_OpKernelContext_Failure(ctx, status.get());
    return false;
  }
  return true;
}

// Allocates output 0 as float32 of shape `dims`; on failure reports it and returns false.
bool AllocateOutput(TF_OpKernelContext* ctx, const std::vector<int64_t>& dims, Tensor* out) {
  Status status;
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  out->reset(TF_AllocateOutput(ctx, 0, TF_FLOAT, dims.data(), static_cast<int>(dims.size()),
                               static_cast<size_t>(n) * sizeof(float), status.get()));
  if (!status.ok()) {
    TF_OpKernelContext_Failure(ctx, status.get());
    return false;
  }
  return true;
}

// Runs loop(begin, end) over [0, n), split over threads when n is large.
template <typename Loop>
void ParallelLoop(int64_t n, int cost, const Loop& loop) {
  const int parts = PartsFor(n, cost);
  if (parts <= 1) {
    loop(0, n);
    return;
  }
  RunParts(parts, [&](int part) {
    int64_t begin, end;
    PartRange(n, parts, part, &begin, &end);
    if (begin < end) loop(begin, end);
  });
}

// ---------------------------------------------------------------------------
// SmeLU.

TFJS_SMELU_HOT void SmeluForwardLoop(const float* x, float* y, int64_t begin, int64_t end, SmeluConstants k) {
  for (int64_t i = begin; i < end; ++i) y[i] = SmeluForward(x[i], k);
}

TFJS_SMELU_HOT void SmeluGradLoop(const float* dy, const float* x, float* out, int64_t begin, int64_t end,
                                  SmeluConstants k) {
  for (int64_t i = begin; i < end; ++i) out[i] = SmeluGrad(dy[i], x[i], k);
}

struct SmeluKernel {
  SmeluConstants constants;
};

// Attr `beta` = [hi, lo] (or [β] for a float32 β): β = hi + lo, computed in
// float64; the constants derived from it are rounded to float32 once.
void* CreateSmeluKernel(TF_OpKernelConstruction* ctx) {
  auto* kernel = new SmeluKernel();
  Status status;
  int32_t list_size = 0, total_size = 0;
  TF_OpKernelConstruction_GetAttrSize(ctx, "beta", &list_size, &total_size, status.get());
  if (status.ok() && (list_size < 1 || list_size > 2)) {
    status.Set(TF_INVALID_ARGUMENT, "attr beta must be [hi, lo] or [beta]");
  }
  float parts[2] = {0, 0};
  if (status.ok()) TF_OpKernelConstruction_GetAttrFloatList(ctx, "beta", parts, list_size, status.get());
  const double beta = static_cast<double>(parts[0]) + parts[1];
  if (status.ok() && !(std::isfinite(beta) && beta > 0)) {
    char message[96];
    std::snprintf(message, sizeof(message), "beta must be a finite number > 0, but got %.17g", beta);
    status.Set(TF_INVALID_ARGUMENT, message);
  }
  if (!status.ok()) {
    TF_OpKernelConstruction_Failure(ctx, status.get());
    return kernel;
  }
  SmeluConstants& k = kernel->constants;
  k.hi = parts[0];
  k.lo = parts[1];
  k.upper = static_cast<float>(2 * beta - parts[1]);
  k.quarter_inv_beta = static_cast<float>(0.25 / beta);
  k.half_inv_beta = static_cast<float>(0.5 / beta);
  return kernel;
}

void DeleteSmeluKernel(void* kernel) { delete static_cast<SmeluKernel*>(kernel); }

void ComputeSmelu(void* kernel, TF_OpKernelContext* ctx) {
  const SmeluConstants k = static_cast<SmeluKernel*>(kernel)->constants;
  Tensor x, y;
  if (!GetInput(ctx, 0, &x) || !AllocateOutput(ctx, x.dims(), &y)) return;
  const float* xs = x.data();
  float* ys = y.mutable_data();
  ParallelLoop(x.size(), 1, [&](int64_t b, int64_t e) { SmeluForwardLoop(xs, ys, b, e, k); });
  call_counts[kSmelu].fetch_add(1, std::memory_order_relaxed);
}

void ComputeSmeluGrad(void* kernel, TF_OpKernelContext* ctx) {
  const SmeluConstants k = static_cast<SmeluKernel*>(kernel)->constants;
  Tensor dy, x, out;
  if (!GetInput(ctx, 0, &dy) || !GetInput(ctx, 1, &x)) return;
  if (dy.size() != x.size()) {
    Fail(ctx, TF_INVALID_ARGUMENT, "TfjsSmeLUGrad: dy and x must have the same number of elements");
    return;
  }
  if (!AllocateOutput(ctx, x.dims(), &out)) return;
  const float* dys = dy.data();
  const float* xs = x.data();
  float* outs = out.mutable_data();
  ParallelLoop(x.size(), kSmeluGradCost, [&](int64_t b, int64_t e) { SmeluGradLoop(dys, xs, outs, b, e, k); });
  call_counts[kSmeluGrad].fetch_add(1, std::memory_order_relaxed);
}

// ---------------------------------------------------------------------------
// g-SmeLU.

const char* const kParamNames[5] = {"alpha", "beta", "gNeg", "gPos", "shift"};

// x viewed as [outer, channels, inner]; channels = 1 when every parameter is one value.
struct Layout {
  int64_t channels = 1, inner = 1;
};

// Constants as separate arrays, one entry per channel or per tile position, so
// that loops reading them element by element load them contiguously (and vectorize).
struct ConstantTable {
  std::vector<float> alpha, w, g_neg, g_pos, shift, d_half_inv_w, d_inv_w, inv_w, d;

  int64_t size() const { return static_cast<int64_t>(alpha.size()); }
  void Resize(int64_t n) {
    for (auto* v : {&alpha, &w, &g_neg, &g_pos, &shift, &d_half_inv_w, &d_inv_w, &inv_w, &d}) {
      v->assign(static_cast<size_t>(n), 0.0f);
    }
  }
  void Set(int64_t i, const ChannelConstants& k) {
    alpha[i] = k.alpha, w[i] = k.w, g_neg[i] = k.g_neg, g_pos[i] = k.g_pos, shift[i] = k.shift;
    d_half_inv_w[i] = k.d_half_inv_w, d_inv_w[i] = k.d_inv_w, inv_w[i] = k.inv_w, d[i] = k.d;
  }
  ChannelConstants At(int64_t i) const {
    ChannelConstants k;
    k.alpha = alpha[i], k.w = w[i], k.g_neg = g_neg[i], k.g_pos = g_pos[i], k.shift = shift[i];
    k.d_half_inv_w = d_half_inv_w[i], k.d_inv_w = d_inv_w[i], k.inv_w = inv_w[i], k.d = d[i];
    return k;
  }
};

// How a call walks x. Every hot loop must be long and branch-free: on the
// machines measured, a mispredicted branch per element cost ~50 ns, 100× the
// element's arithmetic. So:
//   kUniform: one set of constants for all of x (every parameter is one value);
//   kRuns: runs of ≥ kMinRun elements sharing a channel (inner ≥ kMinRun);
//   kTiled: a tile of per-element constants that repeats with x's channel
//           pattern (period channels·inner), walked in tile-long loops.
enum class Walk { kUniform, kRuns, kTiled };
constexpr int64_t kMinRun = 64;
constexpr int64_t kMinTile = 1024;
constexpr int64_t kMaxTile = int64_t{1} << 18;

// The attrs of every g-SmeLU op: the channel axis, which parameters are
// tensors (bit p of tensor_param_mask: parameter p is the next tensor of the
// `params` input list) and the values of the others (param_values, one per
// parameter; the tensors' entries are not read).
struct GeneralizedKernel {
  int64_t axis = 0;
  int64_t tensor_param_mask = 0;
  float param_values[5] = {0, 0, 0, 0, 0};
};

void* CreateGeneralizedKernel(TF_OpKernelConstruction* ctx) {
  auto* kernel = new GeneralizedKernel();
  Status status;
  TF_OpKernelConstruction_GetAttrInt64(ctx, "axis", &kernel->axis, status.get());
  if (status.ok()) {
    TF_OpKernelConstruction_GetAttrInt64(ctx, "tensor_param_mask", &kernel->tensor_param_mask, status.get());
  }
  if (status.ok() && (kernel->tensor_param_mask & ~int64_t{31}) != 0) {
    status.Set(TF_INVALID_ARGUMENT, "attr tensor_param_mask must be a 5-bit mask (bit p: parameter p is a tensor)");
  }
  int32_t list_size = 0, total_size = 0;
  if (status.ok()) TF_OpKernelConstruction_GetAttrSize(ctx, "param_values", &list_size, &total_size, status.get());
  if (status.ok() && list_size != 5) {
    status.Set(TF_INVALID_ARGUMENT, "attr param_values must hold 5 values (alpha, beta, gNeg, gPos, shift)");
  }
  if (status.ok()) TF_OpKernelConstruction_GetAttrFloatList(ctx, "param_values", kernel->param_values, 5, status.get());
  if (!status.ok()) TF_OpKernelConstruction_Failure(ctx, status.get());
  return kernel;
}

void DeleteGeneralizedKernel(void* kernel) { delete static_cast<GeneralizedKernel*>(kernel); }

std::string ShapeText(const std::vector<int64_t>& dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

// One parameter: a tensor input, or the value of its attr.
struct Param {
  Tensor tensor;
  float value = 0;
  bool is_input = false;
  int64_t size() const { return is_input ? tensor.size() : 1; }
  const float* data() const { return is_input ? tensor.data() : &value; }
  std::vector<int64_t> dims() const { return is_input ? tensor.dims() : std::vector<int64_t>{}; }
};

// Everything a g-SmeLU kernel needs besides dy: x, the parameters' values
// checked (α, β > 0; all finite) and turned into constants, and the walk.
struct GeneralizedInputs {
  Tensor x;
  Param params[5];
  Layout layout;
  ConstantTable channels;  // one entry per channel
  Walk walk = Walk::kUniform;
  int64_t period = 1;                    // kTiled: channels·inner
  ConstantTable tile;                    // kTiled: entry j holds channel (j / inner) % channels ...
  const ConstantTable* tiled = nullptr;  // ... or, when inner = 1 and channels are many, `channels` itself
};

// Reads x (input `x_index`) and the five parameters: the tensors from the
// `params` list (inputs `list_start` on), the others from the attrs. Bad
// parameter values fail with "TFJS_SMELU_INVALID_PARAM <name> <index>
// <value>" (index −1 for a single value), which the JavaScript side turns
// into the package's usual error message (src/validate.ts).
bool ReadGeneralizedInputs(TF_OpKernelContext* ctx, int x_index, int list_start, const GeneralizedKernel& kernel,
                           const char* op, GeneralizedInputs* in) {
  const int64_t axis = kernel.axis;
  if (!GetInput(ctx, x_index, &in->x)) return false;
  int next = list_start;
  for (int p = 0; p < 5; ++p) {
    Param& param = in->params[p];
    param.is_input = (kernel.tensor_param_mask >> p) & 1;
    if (!param.is_input) {
      param.value = kernel.param_values[p];
    } else if (!GetInput(ctx, next++, &param.tensor)) {
      return false;
    }
  }
  if (next != TF_NumInputs(ctx)) {
    Fail(ctx, TF_INVALID_ARGUMENT,
         std::string(op) + ": tensor_param_mask names " + std::to_string(next - list_start) +
             " tensor parameters, but the params list has " + std::to_string(TF_NumInputs(ctx) - list_start));
    return false;
  }
  const std::vector<int64_t> dims = in->x.dims();
  bool per_channel = false;
  for (const Param& p : in->params) per_channel = per_channel || p.size() != 1;
  Layout& layout = in->layout;
  if (per_channel) {
    if (dims.empty() || axis < 0 || axis >= static_cast<int64_t>(dims.size())) {
      Fail(ctx, TF_INVALID_ARGUMENT,
           std::string(op) + ": per-channel parameters need a channel axis in [0, rank); axis " + std::to_string(axis) +
               ", input shape " + ShapeText(dims));
      return false;
    }
    layout.channels = dims[axis];
    for (size_t i = static_cast<size_t>(axis) + 1; i < dims.size(); ++i) layout.inner *= dims[i];
  }
  for (int p = 0; p < 5; ++p) {
    const int64_t size = in->params[p].size();
    if (size != 1 && (size != layout.channels || in->params[p].dims().size() != 1)) {
      Fail(ctx, TF_INVALID_ARGUMENT,
           std::string(op) + ": " + kParamNames[p] + " has shape " + ShapeText(in->params[p].dims()) +
               " but must hold 1 value or one per channel (" + std::to_string(layout.channels) + " along axis " +
               std::to_string(axis) + ")");
      return false;
    }
    const float* values = in->params[p].data();
    for (int64_t i = 0; i < size; ++i) {
      const double v = values[i];
      const bool ok = p < 2 ? (std::isfinite(v) && v > 0) : std::isfinite(v);
      if (!ok) {
        char message[160];
        std::snprintf(message, sizeof(message), "TFJS_SMELU_INVALID_PARAM %s %lld %.9g", kParamNames[p],
                      static_cast<long long>(size == 1 ? -1 : i), v);
        Fail(ctx, TF_INVALID_ARGUMENT, message);
        return false;
      }
    }
  }
  const int64_t channels = layout.channels, inner = layout.inner;
  in->channels.Resize(channels);
  for (int64_t ch = 0; ch < channels; ++ch) {
    float v[5];
    for (int p = 0; p < 5; ++p) v[p] = in->params[p].data()[in->params[p].size() == 1 ? 0 : ch];
    in->channels.Set(ch, MakeChannelConstants(v[0], v[1], v[2], v[3], v[4]));
  }
  if (channels <= 1) {
    in->walk = Walk::kUniform;
    if (channels == 0) in->channels.Resize(1);  // an empty x: any constants do
  } else if (inner >= kMinRun || inner == 0) {
    in->walk = Walk::kRuns;
  } else {
    in->period = channels * inner;
    if (inner == 1 && in->period >= kMinTile) {
      in->walk = Walk::kTiled;
      in->tiled = &in->channels;
    } else {
      const int64_t length = in->period * ((kMinTile + in->period - 1) / in->period);
      if (length > kMaxTile) {
        in->walk = Walk::kRuns;  // very many channels on a short inner axis: rare
      } else {
        in->walk = Walk::kTiled;
        in->tile.Resize(length);
        for (int64_t j = 0; j < length; ++j) in->tile.Set(j, in->channels.At((j / inner) % channels));
        in->tiled = &in->tile;
      }
    }
  }
  return true;
}

// Walks [begin, end) of x: run(i0, i1, constants) for pieces that share one
// channel's constants, tiled(i0, i1, offset) for pieces whose element i0 + j
// takes tile entry offset + j.
template <typename Run, typename Tiled>
void WalkRange(const GeneralizedInputs& in, int64_t begin, int64_t end, const Run& run, const Tiled& tiled) {
  switch (in.walk) {
    case Walk::kUniform:
      run(begin, end, in.channels.At(0));
      return;
    case Walk::kRuns: {
      const int64_t inner = std::max<int64_t>(in.layout.inner, 1);
      int64_t i = begin;
      while (i < end) {
        const int64_t block = i / inner;
        const int64_t stop = std::min(end, (block + 1) * inner);
        run(i, stop, in.channels.At(block % in.layout.channels));
        i = stop;
      }
      return;
    }
    case Walk::kTiled: {
      const int64_t length = in.tiled->size();
      int64_t i = begin, offset = begin % in.period;
      while (i < end) {
        const int64_t stop = std::min(end, i + (length - offset));
        tiled(i, stop, offset);
        i = stop;
        offset = 0;  // the tile holds whole periods, so the next piece starts a period
      }
      return;
    }
  }
}

template <Slopes kSlopes>
TFJS_SMELU_HOT void GeneralizedForwardLoop(const float* x, float* y, int64_t begin, int64_t end, ChannelConstants k) {
  for (int64_t i = begin; i < end; ++i) {
    y[i] = GeneralizedForward<kSlopes>(x[i], k.alpha, k.w, k.g_neg, k.g_pos, k.shift, k.d_half_inv_w);
  }
}

// Both slopes non-zero (the common case) skips the per-element zero-slope tests.
void GeneralizedForwardRun(const float* x, float* y, int64_t begin, int64_t end, const ChannelConstants& k) {
  if (k.g_neg != 0.0f && k.g_pos != 0.0f) {
    GeneralizedForwardLoop<Slopes::kBothNonZero>(x, y, begin, end, k);
  } else {
    GeneralizedForwardLoop<Slopes::kAny>(x, y, begin, end, k);
  }
}

TFJS_SMELU_HOT void GeneralizedForwardTiled(const float* x, float* y, int64_t begin, int64_t end,
                                            const ConstantTable* t, int64_t offset) {
  const float *alpha = t->alpha.data() + offset, *w = t->w.data() + offset;
  const float *g_neg = t->g_neg.data() + offset, *g_pos = t->g_pos.data() + offset;
  const float *shift = t->shift.data() + offset, *dh = t->d_half_inv_w.data() + offset;
  const float* xs = x + begin;
  float* ys = y + begin;
  const int64_t n = end - begin;
  for (int64_t j = 0; j < n; ++j) {
    ys[j] = GeneralizedForward(xs[j], alpha[j], w[j], g_neg[j], g_pos[j], shift[j], dh[j]);
  }
}

TFJS_SMELU_HOT void GeneralizedInputGradRun(const float* dy, const float* x, float* out, int64_t begin, int64_t end,
                                            ChannelConstants k) {
  for (int64_t i = begin; i < end; ++i) {
    out[i] = GeneralizedInputGrad(dy[i], x[i], k.alpha, k.w, k.g_neg, k.d_inv_w);
  }
}

TFJS_SMELU_HOT void GeneralizedInputGradTiled(const float* dy, const float* x, float* out, int64_t begin, int64_t end,
                                              const ConstantTable* t, int64_t offset) {
  const float *alpha = t->alpha.data() + offset, *w = t->w.data() + offset;
  const float *g_neg = t->g_neg.data() + offset, *d_inv_w = t->d_inv_w.data() + offset;
  const float* dys = dy + begin;
  const float* xs = x + begin;
  float* outs = out + begin;
  const int64_t n = end - begin;
  for (int64_t j = 0; j < n; ++j) {
    outs[j] = GeneralizedInputGrad(dys[j], xs[j], alpha[j], w[j], g_neg[j], d_inv_w[j]);
  }
}

// Σ dy·∂f/∂p over [begin, end) with one channel's constants. The simd
// reduction adds in a fixed order (lanes, then lanes together): results do
// not depend on timing, only on the split into parts.
template <ParamTarget kTarget>
TFJS_SMELU_HOT double GeneralizedParamSumRun(const float* dy, const float* x, int64_t begin, int64_t end,
                                             ChannelConstants k) {
  double sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t i = begin; i < end; ++i) sum += static_cast<double>(GeneralizedParamGradTerm<kTarget>(dy[i], x[i], k));
  return sum;
}

// acc[offset + j] += dy·∂f/∂p of element begin + j, with tile entry offset + j's constants.
template <ParamTarget kTarget>
TFJS_SMELU_HOT void GeneralizedParamSumTiled(const float* dy, const float* x, int64_t begin, int64_t end,
                                             const ConstantTable* t, int64_t offset, double* acc) {
  const int64_t n = end - begin;
  for (int64_t j = 0; j < n; ++j) {
    acc[offset + j] +=
        static_cast<double>(GeneralizedParamGradTerm<kTarget>(dy[begin + j], x[begin + j], t->At(offset + j)));
  }
}

void ComputeGeneralized(void* kernel, TF_OpKernelContext* ctx) {
  const GeneralizedKernel& attrs = *static_cast<GeneralizedKernel*>(kernel);
  GeneralizedInputs in;
  if (!ReadGeneralizedInputs(ctx, 0, 1, attrs, "TfjsGeneralizedSmeLU", &in)) return;
  Tensor y;
  if (!AllocateOutput(ctx, in.x.dims(), &y)) return;
  const float* xs = in.x.data();
  float* ys = y.mutable_data();
  ParallelLoop(in.x.size(), kGeneralizedCost, [&](int64_t b, int64_t e) {
    WalkRange(
        in, b, e, [&](int64_t i0, int64_t i1, const ChannelConstants& k) { GeneralizedForwardRun(xs, ys, i0, i1, k); },
        [&](int64_t i0, int64_t i1, int64_t offset) { GeneralizedForwardTiled(xs, ys, i0, i1, in.tiled, offset); });
  });
  call_counts[kGeneralized].fetch_add(1, std::memory_order_relaxed);
}

bool CheckSameSize(TF_OpKernelContext* ctx, const Tensor& dy, const Tensor& x, const char* op) {
  if (dy.size() == x.size()) return true;
  Fail(ctx, TF_INVALID_ARGUMENT, std::string(op) + ": dy and x must have the same number of elements");
  return false;
}

void ComputeGeneralizedGradX(void* kernel, TF_OpKernelContext* ctx) {
  const GeneralizedKernel& attrs = *static_cast<GeneralizedKernel*>(kernel);
  Tensor dy;
  GeneralizedInputs in;
  if (!GetInput(ctx, 0, &dy) || !ReadGeneralizedInputs(ctx, 1, 2, attrs, "TfjsGeneralizedSmeLUGradX", &in)) return;
  if (!CheckSameSize(ctx, dy, in.x, "TfjsGeneralizedSmeLUGradX")) return;
  Tensor out;
  if (!AllocateOutput(ctx, in.x.dims(), &out)) return;
  const float* dys = dy.data();
  const float* xs = in.x.data();
  float* outs = out.mutable_data();
  ParallelLoop(in.x.size(), kGeneralizedCost, [&](int64_t b, int64_t e) {
    WalkRange(
        in, b, e,
        [&](int64_t i0, int64_t i1, const ChannelConstants& k) { GeneralizedInputGradRun(dys, xs, outs, i0, i1, k); },
        [&](int64_t i0, int64_t i1, int64_t offset) {
          GeneralizedInputGradTiled(dys, xs, outs, i0, i1, in.tiled, offset);
        });
  });
  call_counts[kGeneralizedGradX].fetch_add(1, std::memory_order_relaxed);
}

// Σ dy·∂f/∂p, per channel when p has one value per channel, else over all.
// Inputs dy, x, then p's tensor again as `target` (so that shape inference
// knows the output's shape), then the params list.
template <ParamTarget kTarget>
void ComputeGeneralizedParamGrad(void* kernel, TF_OpKernelContext* ctx) {
  constexpr int p = static_cast<int>(kTarget);
  const char* op = kOpNames[kGeneralizedGradAlpha + p];
  const GeneralizedKernel& attrs = *static_cast<GeneralizedKernel*>(kernel);
  if (((attrs.tensor_param_mask >> p) & 1) == 0) {
    Fail(ctx, TF_INVALID_ARGUMENT,
         std::string(op) + ": " + kParamNames[p] + " is an attr value (tensor_param_mask), not a tensor: no gradient");
    return;
  }
  Tensor dy;
  GeneralizedInputs in;
  if (!GetInput(ctx, 0, &dy) || !ReadGeneralizedInputs(ctx, 1, 3, attrs, op, &in)) return;
  if (!CheckSameSize(ctx, dy, in.x, op)) return;
  const int64_t n = in.x.size();
  const int64_t channels = std::max<int64_t>(in.layout.channels, 1);
  const int parts = PartsFor(n, kGeneralizedCost);
  // One row of channel sums per part, added up in part order afterwards.
  std::vector<double> partial(static_cast<size_t>(parts * channels), 0.0);
  const float* dys = dy.data();
  const float* xs = in.x.data();
  auto run_part = [&](int part) {
    int64_t b, e;
    PartRange(n, parts, part, &b, &e);
    double* sums = partial.data() + part * channels;
    std::vector<double> acc(in.walk == Walk::kTiled ? static_cast<size_t>(in.tiled->size()) : 0, 0.0);
    WalkRange(
        in, b, e,
        [&](int64_t i0, int64_t i1, const ChannelConstants& k) {
          // kUniform: one sum; kRuns: the run's channel.
          const int64_t ch = in.walk == Walk::kUniform ? 0 : (i0 / std::max<int64_t>(in.layout.inner, 1)) % channels;
          sums[ch] += GeneralizedParamSumRun<kTarget>(dys, xs, i0, i1, k);
        },
        [&](int64_t i0, int64_t i1, int64_t offset) {
          GeneralizedParamSumTiled<kTarget>(dys, xs, i0, i1, in.tiled, offset, acc.data());
        });
    // Tile position j holds channel (j / inner) % channels.
    for (size_t j = 0; j < acc.size(); ++j) {
      sums[(static_cast<int64_t>(j) / in.layout.inner) % channels] += acc[j];
    }
  };
  if (parts <= 1) {
    run_part(0);
  } else {
    RunParts(parts, run_part);
  }
  const Param& param = in.params[p];
  Tensor out;
  if (!AllocateOutput(ctx, param.dims(), &out)) return;
  float* outs = out.mutable_data();
  if (param.size() == 1) {
    double total = 0;
    for (int part = 0; part < parts; ++part) {
      for (int64_t ch = 0; ch < channels; ++ch) total += partial[part * channels + ch];
    }
    outs[0] = static_cast<float>(total);
  } else {  // one value per channel (param.size() == channels)
    for (int64_t ch = 0; ch < param.size(); ++ch) {
      double total = 0;
      for (int part = 0; part < parts; ++part) total += partial[part * channels + ch];
      outs[ch] = static_cast<float>(total);
    }
  }
  call_counts[kGeneralizedGradAlpha + p].fetch_add(1, std::memory_order_relaxed);
}

// ---------------------------------------------------------------------------
// Registration.

// Output 0 has the shape of input kInput.
template <int kInput>
void ShapeOfInput(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  TF_ShapeHandle* shape = TF_NewShapeHandle();
  TF_ShapeInferenceContextGetInput(ctx, kInput, shape, status);
  if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 0, shape, status);
  TF_DeleteShapeHandle(shape);
}

using ShapeFn = void (*)(TF_ShapeInferenceContext*, TF_Status*);

std::string RegisterOp(const char* name, const std::vector<const char*>& inputs, const std::vector<const char*>& attrs,
                       ShapeFn shape_fn, void* (*create)(TF_OpKernelConstruction*),
                       void (*compute)(void*, TF_OpKernelContext*), void (*destroy)(void*)) {
  Status status;
  TF_OpDefinitionBuilder* op = TF_NewOpDefinitionBuilder(name);
  for (const char* input : inputs) TF_OpDefinitionBuilderAddInput(op, input);
  TF_OpDefinitionBuilderAddOutput(op, "y: float");
  for (const char* attr : attrs) TF_OpDefinitionBuilderAddAttr(op, attr);
  TF_OpDefinitionBuilderSetShapeInferenceFunction(op, shape_fn);
  TF_RegisterOpDefinition(op, status.get());  // takes ownership of `op`
  if (!status.ok()) return std::string(name) + ": " + TF_Message(status.get());
  TF_KernelBuilder* builder = TF_NewKernelBuilder(name, "CPU", create, compute, destroy);
  TF_RegisterKernelBuilder((std::string(name) + "_CPU").c_str(), builder, status.get());
  if (!status.ok()) return std::string(name) + " kernel: " + TF_Message(status.get());
  return "";
}

const std::vector<const char*> kGeneralizedInputs = {"x: float", "params: N * float"};
const std::vector<const char*> kGeneralizedGradXInputs = {"dy: float", "x: float", "params: N * float"};
const std::vector<const char*> kGeneralizedParamGradInputs = {"dy: float", "x: float", "target: float",
                                                              "params: N * float"};
const std::vector<const char*> kGeneralizedAttrs = {"axis: int", "N: int >= 0", "param_values: list(float)",
                                                    "tensor_param_mask: int"};

std::string RegisterAll() {
  std::string error;
  auto add = [&](const std::string& message) {
    if (error.empty()) error = message;
  };
  add(RegisterOp(kOpNames[kSmelu], {"x: float"}, {"beta: list(float)"}, ShapeOfInput<0>, CreateSmeluKernel,
                 ComputeSmelu, DeleteSmeluKernel));
  add(RegisterOp(kOpNames[kSmeluGrad], {"dy: float", "x: float"}, {"beta: list(float)"}, ShapeOfInput<1>,
                 CreateSmeluKernel, ComputeSmeluGrad, DeleteSmeluKernel));
  add(RegisterOp(kOpNames[kGeneralized], kGeneralizedInputs, kGeneralizedAttrs, ShapeOfInput<0>,
                 CreateGeneralizedKernel, ComputeGeneralized, DeleteGeneralizedKernel));
  add(RegisterOp(kOpNames[kGeneralizedGradX], kGeneralizedGradXInputs, kGeneralizedAttrs, ShapeOfInput<1>,
                 CreateGeneralizedKernel, ComputeGeneralizedGradX, DeleteGeneralizedKernel));
  // A parameter's gradient has the shape of that parameter, input 2 (`target`).
  add(RegisterOp(kOpNames[kGeneralizedGradAlpha], kGeneralizedParamGradInputs, kGeneralizedAttrs, ShapeOfInput<2>,
                 CreateGeneralizedKernel, ComputeGeneralizedParamGrad<ParamTarget::kAlpha>, DeleteGeneralizedKernel));
  add(RegisterOp(kOpNames[kGeneralizedGradBeta], kGeneralizedParamGradInputs, kGeneralizedAttrs, ShapeOfInput<2>,
                 CreateGeneralizedKernel, ComputeGeneralizedParamGrad<ParamTarget::kBeta>, DeleteGeneralizedKernel));
  add(RegisterOp(kOpNames[kGeneralizedGradGNeg], kGeneralizedParamGradInputs, kGeneralizedAttrs, ShapeOfInput<2>,
                 CreateGeneralizedKernel, ComputeGeneralizedParamGrad<ParamTarget::kGNeg>, DeleteGeneralizedKernel));
  add(RegisterOp(kOpNames[kGeneralizedGradGPos], kGeneralizedParamGradInputs, kGeneralizedAttrs, ShapeOfInput<2>,
                 CreateGeneralizedKernel, ComputeGeneralizedParamGrad<ParamTarget::kGPos>, DeleteGeneralizedKernel));
  add(RegisterOp(kOpNames[kGeneralizedGradShift], kGeneralizedParamGradInputs, kGeneralizedAttrs, ShapeOfInput<2>,
                 CreateGeneralizedKernel, ComputeGeneralizedParamGrad<ParamTarget::kShift>, DeleteGeneralizedKernel));
  return error;
}

}  // namespace

const std::vector<std::string>& OpNames() {
  static const std::vector<std::string> names(kOpNames, kOpNames + kOpCount);
  return names;
}

std::string RegisterOps() {
  static std::once_flag once;
  static std::string result;
  std::call_once(once, [] { result = RegisterAll(); });
  return result;
}

std::vector<uint64_t> CallCounts() {
  std::vector<uint64_t> counts(kOpCount);
  for (int i = 0; i < kOpCount; ++i) counts[i] = call_counts[i].load(std::memory_order_relaxed);
  return counts;
}

}  // namespace tfjs_smelu
