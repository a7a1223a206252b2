// Per-element SmeLU and g-SmeLU formulas in float32 arithmetic: the fused
// forms of the composite TensorFlow op chains (src/kernels/tensorflow/SmeLU.ts,
// SmeLUGrad.ts and the g-SmeLU composite), one pass, no intermediates.
//
// Why float32 and not the cpu kernels' float64: on AVX2 a float64 loop does
// half the elements per instruction plus two conversions each, and measured
// about 3× the time of this one at 1e6 elements, which alone would miss the
// speed targets. Each result here is a few roundings from the exact value
// (the tests bound it against the float64 reference and the cpu kernels).
// Parameter gradients are still summed in float64.
//
// NaN and ±Infinity: every clip is written `v < lo ? lo : v`, which keeps a
// NaN v (the comparison is false) and compiles to vector min/max with that
// operand order, so NaN propagates as through the cpu kernels' Math.min/max;
// ±Infinity follow the same clip formulas as there (smeluExact, forwardExact).
#ifndef TFJS_SMELU_ELEMENT_MATH_H_
#define TFJS_SMELU_ELEMENT_MATH_H_

namespace tfjs_smelu {

inline float Clip(float v, float lo, float hi) {
  const float c = v < lo ? lo : v;
  return c > hi ? hi : c;
}

// SmeLU constants. β = hi + lo with hi = float32(β), lo = float32(β − hi)
// (splitBeta in src/kernels/smelu_math.ts): x + hi is exact near x = −β
// (Sterbenz), where f and f′ are tiny, and adding lo then rounds once.
struct SmeluConstants {
  float hi = 1;
  float lo = 0;
  float upper = 2;  // float32(2β − lo): x + hi's clip bound above
  float quarter_inv_beta = 0.25f;
  float half_inv_beta = 0.5f;
};

// f = max(x, s · (s / (4β))) with s = clip(x + hi, −lo, 2β − lo) + lo: the
// quadratic is ≥ x inside (−β, β), exactly 0 below −β and β above β, so the
// max gives 0, the quadratic and x exactly where each applies. NaN → NaN
// (through the clip and the max), −∞ → 0, +∞ → +∞.
//
// s · (s/(4β)), not s² · 1/(4β): for β < 1/4 the square s² is smaller than f
// itself, and just above −β it falls below float32's normal range (2^-126)
// while f does not (for β = 1e-12, s = one ulp of β gives s² ≈ 2^-127 but
// f ≈ 2^-90), so s² lost precision or became 0 where f is a normal float.
// s/(4β) ≥ s for β ≤ 1/4, and ≥ 2^-55 otherwise (s ≥ β·2^-53 when not 0),
// so only the last product rounds into the subnormals, where f itself does.
inline float SmeluForward(float x, const SmeluConstants& k) {
  const float s = Clip(x + k.hi, -k.lo, k.upper) + k.lo;
  const float quadratic = s * (s * k.quarter_inv_beta);
  return x > quadratic ? x : quadratic;
}

// dy · clip(((x + hi) + lo) / (2β), 0, 1): exactly 0 below −β and 1 above β.
inline float SmeluGrad(float dy, float x, const SmeluConstants& k) {
  return dy * Clip(((x + k.hi) + k.lo) * k.half_inv_beta, 0.0f, 1.0f);
}

// g-SmeLU constants of one channel, from float32 parameters; the derived ones
// are computed in float64 and rounded once.
struct ChannelConstants {
  float alpha;
  float w;  // α + β
  float g_neg;
  float g_pos;
  float shift;
  float d_half_inv_w;  // (g₊ − g₋) / (2w)
  float d_inv_w;       // (g₊ − g₋) / w
  float inv_w;         // 1 / w
  float d;             // g₊ − g₋
};

inline ChannelConstants MakeChannelConstants(float alpha, float beta, float g_neg, float g_pos, float shift) {
  const double w = static_cast<double>(alpha) + beta;
  const double d = static_cast<double>(g_pos) - g_neg;
  ChannelConstants k;
  k.alpha = alpha;
  k.w = static_cast<float>(w);
  k.g_neg = g_neg;
  k.g_pos = g_pos;
  k.shift = shift;
  k.d_half_inv_w = static_cast<float>(d * 0.5 / w);
  k.d_inv_w = static_cast<float>(d / w);
  k.inv_w = static_cast<float>(1 / w);
  k.d = static_cast<float>(d);
  return k;
}

// f = t + g₋·min(u, 0) + c·(g₋ + D·c/(2w)) + g₊·relu(u − w), u = x + α,
// c = clip(u, 0, w) (generalized_smelu_math.ts). At most one outer term is
// non-zero, so both are computed as one: the distance past the transition,
// u − c (exactly min(u, 0) below it, u − w above, 0 inside, ±∞ at ±∞), times
// the slope on that side. A zero slope times an infinite distance counts as
// 0 (forwardExact). kSlopes says whether both slopes are known to be
// non-zero (no test per element) or must be tested (kAny).
enum class Slopes { kAny, kBothNonZero };

template <Slopes kSlopes = Slopes::kAny>
inline float GeneralizedForward(float x, float alpha, float w, float g_neg, float g_pos, float shift,
                                float d_half_inv_w) {
  const float u = x + alpha;
  const float c = Clip(u, 0.0f, w);
  const float slope = u < 0.0f ? g_neg : g_pos;
  float outer = slope * (u - c);
  if (kSlopes == Slopes::kAny) outer = slope == 0.0f ? 0.0f : outer;
  return shift + outer + c * (g_neg + d_half_inv_w * c);
}

// dy · ∂f/∂x = dy · (g₋ + D·c/w).
inline float GeneralizedInputGrad(float dy, float x, float alpha, float w, float g_neg, float d_inv_w) {
  return dy * (g_neg + d_inv_w * Clip(x + alpha, 0.0f, w));
}

// The parameter a parameter-gradient kernel differentiates with respect to
// (its input index among α, β, g₋, g₊, t).
enum class ParamTarget { kAlpha = 0, kBeta = 1, kGNeg = 2, kGPos = 3, kShift = 4 };

// dy · ∂f/∂p for one element (generalizedSmeluParamGradLoop), with r = c/w:
//   ∂f/∂α = g₋ + D·r·(1 − r/2)   ∂f/∂β = −D·r²/2
//   ∂f/∂g₋ = min(u, 0) + c − c·r/2   ∂f/∂g₊ = c·r/2 + relu(u − w)   ∂f/∂t = 1
// c²/(2w) is taken as c·r/2, not c·c/(2w): for tiny w, c² leaves float32's
// normal range long before c²/(2w) does (the forward's s² case above).
template <ParamTarget kTarget>
inline float GeneralizedParamGradTerm(float dy, float x, const ChannelConstants& k) {
  if (kTarget == ParamTarget::kShift) return dy;
  const float u = x + k.alpha;
  const float c = Clip(u, 0.0f, k.w);
  const float r = c * k.inv_w;
  if (kTarget == ParamTarget::kAlpha) return dy * (k.g_neg + k.d * r * (1.0f - 0.5f * r));
  if (kTarget == ParamTarget::kBeta) return dy * (-0.5f * k.d * r * r);
  if (kTarget == ParamTarget::kGNeg) {
    const float min_u = u < 0.0f ? u : 0.0f;
    return dy * (min_u + c - 0.5f * c * r);
  }
  const float excess = u - k.w;
  return dy * (0.5f * c * r + (excess > 0.0f ? excess : 0.0f));
}

}  // namespace tfjs_smelu

#endif  // TFJS_SMELU_ELEMENT_MATH_H_
