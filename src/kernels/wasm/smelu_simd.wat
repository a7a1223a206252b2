;; SmeLU and g-SmeLU, forward and gradients, as WebAssembly SIMD loops over
;; the tfjs wasm backend's own heap (the memory is imported, so no copies).
;;
;; Float32 lanes, four per instruction (as the wasm backend's relu): within
;; 1e-6 relative of the cpu kernel's float64 loops, not identical to them.
;; β enters split as hi + lo (hi = float32(β), see ../smelu_math.ts, splitBeta):
;; x + hi is exact near the kink at −β (Sterbenz), adding lo rounds once, so
;; the tiny values just above −β keep their relative accuracy even when β is
;; not a float32 (lo is 0 when it is). The caller keeps β within [1e-18, 1e18]
;; (no overflow of (2β)², no subnormal 1/(4β)); outside it the JavaScript
;; loops run.
;;
;; How the loops are written, each point measured with V8 (Node 20) against
;; the backend's relu on data in L1 cache, where the loop's own instructions
;; are all that counts:
;; - Constant vectors pass through the globals $k0..$k7: a vector made with
;;   f32x4.splat of a local is recomputed by V8's optimizing compiler inside
;;   the loop that uses it, one broadcast per constant per iteration (about
;;   1.3x the loop's time); a global.get is a load, which stays before the
;;   loop, and the constant then lives in a register.
;; - Zero is v128.const (a register cleared once), never a splat.
;; - The main loops handle 16 (SmeLU) or 8 (g-SmeLU) elements per iteration
;;   with constant load/store offsets: one pointer update, compare and branch
;;   per 4 or 2 vectors instead of per vector. Then single vectors, then the
;;   n mod 4 last elements one by one.
;; - pmin/pmax (b < a ? b : a) instead of min/max: V8 compiles IEEE min/max to
;;   long NaN-fixing sequences (about 5x slower here), pmin/pmax to one
;;   instruction. The argument order keeps NaN: a NaN in the first operand
;;   fails the comparison and is returned. The scalar tails use f32.min/max
;;   (a few elements; their NaN handling is the same).
;;
;; Assembled by scripts/build-smelu-wasm.js into smelu_simd_module.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Loop constants (see above). Written at the start of each call, so the
  ;; module is reentrant as long as calls do not nest (they never do: wasm
  ;; here runs on one thread, and no function calls another).
  (global $k0 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k1 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k2 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k3 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k4 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k5 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k6 (mut v128) (v128.const i32x4 0 0 0 0))
  (global $k7 (mut v128) (v128.const i32x4 0 0 0 0))

  ;; f(x) = max(x, s · (s · q)), s = clip(x + β, 0, 2β), q = 1/(4β): below −β
  ;; the product is 0 ≥ x, inside it is (x+β)²/(4β) ≥ x, above β it is β ≤ x.
  ;; s · (s · q) rather than s² · q: s² underflows for tiny β.
  (func (export "smelu") (param $x i32) (param $out i32) (param $n i32) (param $b f64)
    (local $hi f32) (local $lo f32) (local $q f32) (local $twoBeta f32) (local $s f32) (local $w f32)
    (local $vhi v128) (local $vlo v128) (local $vq v128) (local $vtwo v128) (local $zero v128)
    (local $v v128) (local $u v128) (local $end16 i32) (local $end4 i32) (local $end i32)
    (local.set $hi (f32.demote_f64 (local.get $b)))
    (local.set $lo (f32.demote_f64 (f64.sub (local.get $b) (f64.promote_f32 (local.get $hi)))))
    (local.set $q (f32.demote_f64 (f64.div (f64.const 0.25) (local.get $b))))
    (local.set $twoBeta (f32.add (local.get $hi) (local.get $hi)))
    (global.set $k0 (f32x4.splat (local.get $hi)))
    (global.set $k1 (f32x4.splat (local.get $lo)))
    (global.set $k2 (f32x4.splat (local.get $q)))
    (global.set $k3 (f32x4.splat (local.get $twoBeta)))
    (local.set $vhi (global.get $k0))
    (local.set $vlo (global.get $k1))
    (local.set $vq (global.get $k2))
    (local.set $vtwo (global.get $k3))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end16 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    ;; β a float32 (lo = 0, the common case): a main loop without the add of lo
    ;; (6 operations per vector instead of 7; x + hi + 0 is x + hi exactly).
    (if (f32.eq (local.get $lo) (f32.const 0))
      (then
        (block $done16
          (loop $vec16
            (br_if $done16 (i32.ge_u (local.get $x) (local.get $end16)))
            (local.set $v (v128.load offset=0 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (local.get $v) (local.get $vhi))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=0 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=16 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (local.get $v) (local.get $vhi))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=16 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=32 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (local.get $v) (local.get $vhi))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=32 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=48 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (local.get $v) (local.get $vhi))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=48 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (br $vec16))))
      (else
        (block $done16
          (loop $vec16
            (br_if $done16 (i32.ge_u (local.get $x) (local.get $end16)))
            (local.set $v (v128.load offset=0 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=0 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=16 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=16 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=32 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=32 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $v (v128.load offset=48 (local.get $x)))
            (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
              (local.get $zero)) (local.get $vtwo)))
            (v128.store offset=48 (local.get $out)
              (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (br $vec16)))))
    (block $done4
      (loop $vec4
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $v (v128.load offset=0 (local.get $x)))
        (local.set $u (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
          (local.get $zero)) (local.get $vtwo)))
        (v128.store offset=0 (local.get $out)
          (f32x4.pmax (local.get $v) (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec4)))
    ;; The last n mod 4 elements: the same steps on single floats.
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $w (f32.load (local.get $x)))
        (local.set $s (f32.min (f32.max
          (f32.add (f32.add (local.get $w) (local.get $hi)) (local.get $lo))
          (f32.const 0)) (local.get $twoBeta)))
        (f32.store (local.get $out) (f32.max (local.get $w)
          (f32.mul (local.get $s) (f32.mul (local.get $s) (local.get $q)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out[i] = dy[i] · clip((x[i] + β) / (2β), 0, 1) for i < n.
  (func (export "smeluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32) (param $b f64)
    (local $hi f32) (local $lo f32) (local $h f32)
    (local $vhi v128) (local $vlo v128) (local $vh v128) (local $zero v128) (local $one v128)
    (local $end16 i32) (local $end4 i32) (local $end i32)
    (local.set $hi (f32.demote_f64 (local.get $b)))
    (local.set $lo (f32.demote_f64 (f64.sub (local.get $b) (f64.promote_f32 (local.get $hi)))))
    (local.set $h (f32.demote_f64 (f64.div (f64.const 0.5) (local.get $b))))
    (global.set $k0 (f32x4.splat (local.get $hi)))
    (global.set $k1 (f32x4.splat (local.get $lo)))
    (global.set $k2 (f32x4.splat (local.get $h)))
    (local.set $vhi (global.get $k0))
    (local.set $vlo (global.get $k1))
    (local.set $vh (global.get $k2))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end16 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    ;; β a float32 (lo = 0): a main loop without the add of lo (5 operations per vector instead of 6).
    (if (f32.eq (local.get $lo) (f32.const 0))
      (then
        (block $done16
          (loop $vec16
            (br_if $done16 (i32.ge_u (local.get $x) (local.get $end16)))
            (v128.store offset=0 (local.get $out) (f32x4.mul (v128.load offset=0 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $vhi))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=16 (local.get $out) (f32x4.mul (v128.load offset=16 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (v128.load offset=16 (local.get $x)) (local.get $vhi))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=32 (local.get $out) (f32x4.mul (v128.load offset=32 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (v128.load offset=32 (local.get $x)) (local.get $vhi))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=48 (local.get $out) (f32x4.mul (v128.load offset=48 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (v128.load offset=48 (local.get $x)) (local.get $vhi))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 64)))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (br $vec16))))
      (else
        (block $done16
          (loop $vec16
            (br_if $done16 (i32.ge_u (local.get $x) (local.get $end16)))
            (v128.store offset=0 (local.get $out) (f32x4.mul (v128.load offset=0 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $vhi)) (local.get $vlo))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=16 (local.get $out) (f32x4.mul (v128.load offset=16 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (f32x4.add (v128.load offset=16 (local.get $x)) (local.get $vhi)) (local.get $vlo))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=32 (local.get $out) (f32x4.mul (v128.load offset=32 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (f32x4.add (v128.load offset=32 (local.get $x)) (local.get $vhi)) (local.get $vlo))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (v128.store offset=48 (local.get $out) (f32x4.mul (v128.load offset=48 (local.get $dy))
              (f32x4.pmin (f32x4.pmax
                (f32x4.mul (f32x4.add (f32x4.add (v128.load offset=48 (local.get $x)) (local.get $vhi)) (local.get $vlo))
                  (local.get $vh))
                (local.get $zero)) (local.get $one))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 64)))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (br $vec16)))))
    (block $done4
      (loop $vec4
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (v128.store offset=0 (local.get $out) (f32x4.mul (v128.load offset=0 (local.get $dy))
          (f32x4.pmin (f32x4.pmax
            (f32x4.mul (f32x4.add (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $vhi)) (local.get $vlo))
              (local.get $vh))
            (local.get $zero)) (local.get $one))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec4)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $out) (f32.mul (f32.load (local.get $dy))
          (f32.min (f32.max
            (f32.mul (f32.add (f32.add (f32.load (local.get $x)) (local.get $hi)) (local.get $lo)) (local.get $h))
            (f32.const 0)) (f32.const 1))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; ---------------------------------------------------------------------
  ;; g-SmeLU. With u = x + α, w = α + β, m = min(u, w), c = max(m, 0),
  ;; k = (g₊ − g₋)/(2w), d = (g₊ − g₋)/w:
  ;;   f = t + max(m, lo)·(g₋ + k·c) + g₊·min(max(u − w, 0), hi)
  ;;   dy·∂f/∂x = dy·(g₋ + d·clip(u, 0, w))
  ;; (below the quadratic c = 0 and the middle term is g₋·u; inside, m = c = u;
  ;; above, m = c = w: the same values as g₋·min(u, 0) + g₋·c + k·c², with two
  ;; operations less). lo = −FLT_MAX where g₋ = 0 (else −∞) and hi = FLT_MAX
  ;; where g₊ = 0 (else +∞): a zero slope times an infinite distance is then
  ;; 0, as on cpu. NaN stays NaN through every pmin/pmax (it is always their
  ;; first operand).
  ;;
  ;; Constants of channels-last layouts ("Channels" functions) are float32
  ;; blocks of 4 channels, 144 bytes each: α, w, g₋, g₊, t, k, lo, hi, d at
  ;; byte offsets 0, 16, ..., 128, lane j of each at +4j; so both the vector
  ;; loads and the scalar tail use static offsets.

  ;; out[i] = f(x[i]) for i < n, one set of constants.
  (func (export "gsmelu") (param $x i32) (param $out i32) (param $n i32)
      (param $a f32) (param $w f32) (param $gn f32) (param $gp f32) (param $t f32) (param $k f32)
      (param $lo f32) (param $hi f32)
    (local $va v128) (local $vw v128) (local $vgn v128) (local $vgp v128) (local $vt v128)
    (local $vk v128) (local $vlo v128) (local $vhi v128) (local $zero v128)
    (local $u v128) (local $m v128) (local $su f32) (local $sm f32) (local $end8 i32) (local $end4 i32)
    (local $end i32)
    (global.set $k0 (f32x4.splat (local.get $a)))
    (global.set $k1 (f32x4.splat (local.get $w)))
    (global.set $k2 (f32x4.splat (local.get $gn)))
    (global.set $k3 (f32x4.splat (local.get $gp)))
    (global.set $k4 (f32x4.splat (local.get $t)))
    (global.set $k5 (f32x4.splat (local.get $k)))
    (global.set $k6 (f32x4.splat (local.get $lo)))
    (global.set $k7 (f32x4.splat (local.get $hi)))
    (local.set $va (global.get $k0))
    (local.set $vw (global.get $k1))
    (local.set $vgn (global.get $k2))
    (local.set $vgp (global.get $k3))
    (local.set $vt (global.get $k4))
    (local.set $vk (global.get $k5))
    (local.set $vlo (global.get $k6))
    (local.set $vhi (global.get $k7))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    ;; Without a zero slope (lo = −∞, hi = +∞) the two clamps do nothing: a
    ;; loop without them (11 operations per vector instead of 13).
    (if (i32.and (f32.eq (local.get $lo) (f32.const -inf)) (f32.eq (local.get $hi) (f32.const inf)))
      (then
        (block $done8
          (loop $vec8
            (br_if $done8 (i32.ge_u (local.get $x) (local.get $end8)))
            (local.set $u (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $va)))
            (local.set $m (f32x4.pmin (local.get $u) (local.get $vw)))
            (v128.store offset=0 (local.get $out)
              (f32x4.add
                (f32x4.add (local.get $vt)
                  (f32x4.mul (local.get $m)
                    (f32x4.add (local.get $vgn) (f32x4.mul (local.get $vk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                (f32x4.mul (local.get $vgp)
                  (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)))))
            (local.set $u (f32x4.add (v128.load offset=16 (local.get $x)) (local.get $va)))
            (local.set $m (f32x4.pmin (local.get $u) (local.get $vw)))
            (v128.store offset=16 (local.get $out)
              (f32x4.add
                (f32x4.add (local.get $vt)
                  (f32x4.mul (local.get $m)
                    (f32x4.add (local.get $vgn) (f32x4.mul (local.get $vk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                (f32x4.mul (local.get $vgp)
                  (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)))))
            (local.set $x (i32.add (local.get $x) (i32.const 32)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (br $vec8))))
      (else
        (block $done8
          (loop $vec8
            (br_if $done8 (i32.ge_u (local.get $x) (local.get $end8)))
            (local.set $u (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $va)))
            (local.set $m (f32x4.pmin (local.get $u) (local.get $vw)))
            (v128.store offset=0 (local.get $out)
              (f32x4.add
                (f32x4.add (local.get $vt)
                  (f32x4.mul (f32x4.pmax (local.get $m) (local.get $vlo))
                    (f32x4.add (local.get $vgn) (f32x4.mul (local.get $vk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                (f32x4.mul (local.get $vgp)
                  (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)) (local.get $vhi)))))
            (local.set $u (f32x4.add (v128.load offset=16 (local.get $x)) (local.get $va)))
            (local.set $m (f32x4.pmin (local.get $u) (local.get $vw)))
            (v128.store offset=16 (local.get $out)
              (f32x4.add
                (f32x4.add (local.get $vt)
                  (f32x4.mul (f32x4.pmax (local.get $m) (local.get $vlo))
                    (f32x4.add (local.get $vgn) (f32x4.mul (local.get $vk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                (f32x4.mul (local.get $vgp)
                  (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)) (local.get $vhi)))))
            (local.set $x (i32.add (local.get $x) (i32.const 32)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (br $vec8)))))
    ;; At most one vector of four left, then n mod 4 single floats.
    (if (i32.lt_u (local.get $x) (local.get $end4))
      (then
        (local.set $u (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $va)))
        (local.set $m (f32x4.pmin (local.get $u) (local.get $vw)))
        (v128.store offset=0 (local.get $out)
          (f32x4.add
            (f32x4.add (local.get $vt)
              (f32x4.mul (f32x4.pmax (local.get $m) (local.get $vlo))
                (f32x4.add (local.get $vgn) (f32x4.mul (local.get $vk) (f32x4.pmax (local.get $m) (local.get $zero))))))
            (f32x4.mul (local.get $vgp)
              (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)) (local.get $vhi)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
        (local.set $sm (f32.min (local.get $su) (local.get $w)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (local.get $t)
              (f32.mul (f32.max (local.get $sm) (local.get $lo))
                (f32.add (local.get $gn) (f32.mul (local.get $k) (f32.max (local.get $sm) (f32.const 0))))))
            (f32.mul (local.get $gp)
              (f32.min (f32.max (f32.sub (local.get $su) (local.get $w)) (f32.const 0)) (local.get $hi)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out = f(x) over `rows` rows of `channels` elements, constants per channel at $k;
  ;; $clamp = 0 where no channel has a zero slope (every lo = −∞, hi = +∞).
  ;; Two rows at a time: each block's constants are loaded once for both rows
  ;; (loads of constants, not arithmetic, are what this loop waits on).
  ;; $out must not overlap $x (the tail vector reads inputs it wrote before).
  (func (export "gsmeluChannels") (param $x i32) (param $out i32) (param $rows i32) (param $channels i32)
      (param $k i32) (param $clamp i32)
    (local $p i32) (local $rb i32) (local $rowEnd4 i32) (local $rowEnd i32) (local $tail i32) (local $tailVector i32)
    (local $zero v128)
    (local $u v128) (local $m v128) (local $su f32) (local $sm f32)
    (local $ka v128) (local $kw v128) (local $kgn v128) (local $kgp v128) (local $kt v128) (local $kk v128)
    (local $klo v128) (local $khi v128)
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $rb (i32.shl (local.get $channels) (i32.const 2)))
    ;; The tail block follows the ceil(channels / 4) regular ones (see gsmeluConstants).
    (local.set $tail (i32.add (local.get $k)
      (i32.mul (i32.shr_u (i32.add (local.get $channels) (i32.const 3)) (i32.const 2)) (i32.const 144))))
    (local.set $tailVector (i32.and (i32.ne (i32.and (local.get $channels) (i32.const 3)) (i32.const 0))
                                    (i32.gt_u (local.get $channels) (i32.const 4))))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.lt_u (local.get $rows) (i32.const 2)))
        (local.set $p (local.get $k))
        (local.set $rowEnd (i32.add (local.get $x) (local.get $rb)))
        (local.set $rowEnd4
          (i32.add (local.get $x) (i32.shl (i32.and (local.get $channels) (i32.const -4)) (i32.const 2))))
        (if (local.get $clamp)
          (then
            (block $done4
              (loop $vec
                (br_if $done4 (i32.ge_u (local.get $x) (local.get $rowEnd4)))
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $klo (v128.load offset=96 (local.get $p)))
                (local.set $khi (v128.load offset=112 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi)))))
                (local.set $u (f32x4.add (v128.load (i32.add (local.get $x) (local.get $rb))) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (i32.add (local.get $out) (local.get $rb))
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 144)))
                (br $vec))))
          (else
            (block $done4
              (loop $vec
                (br_if $done4 (i32.ge_u (local.get $x) (local.get $rowEnd4)))
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))
                (local.set $u (f32x4.add (v128.load (i32.add (local.get $x) (local.get $rb))) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (i32.add (local.get $out) (local.get $rb))
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 144)))
                (br $vec)))))
        ;; More than 4 channels, not a multiple of 4: the row's last 4 elements as one vector (over-
        ;; lapping the one before, which it writes again with the same values) with the tail block.
        (if (local.get $tailVector)
          (then
            (local.set $p (local.get $tail))
            (local.set $out (i32.sub (local.get $out) (i32.sub (local.get $x) (i32.sub (local.get $rowEnd) (i32.const 16)))))
            (local.set $x (i32.sub (local.get $rowEnd) (i32.const 16)))
            (if (local.get $clamp)
              (then
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $klo (v128.load offset=96 (local.get $p)))
                (local.set $khi (v128.load offset=112 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi)))))
                (local.set $u (f32x4.add (v128.load (i32.add (local.get $x) (local.get $rb))) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (i32.add (local.get $out) (local.get $rb))
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi))))))
              (else
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))
                (local.set $u (f32x4.add (v128.load (i32.add (local.get $x) (local.get $rb))) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (i32.add (local.get $out) (local.get $rb))
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))))
        ;; Fewer than 4 channels: one at a time (f32.min/max keep NaN like pmin/pmax).
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $rowEnd)))
            (local.set $su (f32.add (f32.load (local.get $x)) (f32.load offset=0 (local.get $p))))
            (local.set $sm (f32.min (local.get $su) (f32.load offset=16 (local.get $p))))
            (f32.store (local.get $out)
              (f32.add
                (f32.add (f32.load offset=64 (local.get $p))
                  (f32.mul (f32.max (local.get $sm) (f32.load offset=96 (local.get $p)))
                    (f32.add (f32.load offset=32 (local.get $p))
                      (f32.mul (f32.load offset=80 (local.get $p)) (f32.max (local.get $sm) (f32.const 0))))))
                (f32.mul (f32.load offset=48 (local.get $p))
                  (f32.min (f32.max (f32.sub (local.get $su) (f32.load offset=16 (local.get $p))) (f32.const 0))
                           (f32.load offset=112 (local.get $p))))))
            (local.set $su (f32.add (f32.load (i32.add (local.get $x) (local.get $rb))) (f32.load offset=0 (local.get $p))))
            (local.set $sm (f32.min (local.get $su) (f32.load offset=16 (local.get $p))))
            (f32.store (i32.add (local.get $out) (local.get $rb))
              (f32.add
                (f32.add (f32.load offset=64 (local.get $p))
                  (f32.mul (f32.max (local.get $sm) (f32.load offset=96 (local.get $p)))
                    (f32.add (f32.load offset=32 (local.get $p))
                      (f32.mul (f32.load offset=80 (local.get $p)) (f32.max (local.get $sm) (f32.const 0))))))
                (f32.mul (f32.load offset=48 (local.get $p))
                  (f32.min (f32.max (f32.sub (local.get $su) (f32.load offset=16 (local.get $p))) (f32.const 0))
                           (f32.load offset=112 (local.get $p))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        ;; Past the second row of the pair.
        (local.set $x (i32.add (local.get $x) (local.get $rb)))
        (local.set $out (i32.add (local.get $out) (local.get $rb)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 2)))
        (br $pair)))
    ;; An odd last row.
    (if (local.get $rows)
      (then
        (local.set $p (local.get $k))
        (local.set $rowEnd (i32.add (local.get $x) (local.get $rb)))
        (local.set $rowEnd4
          (i32.add (local.get $x) (i32.shl (i32.and (local.get $channels) (i32.const -4)) (i32.const 2))))
        (if (local.get $clamp)
          (then
            (block $done4
              (loop $vec
                (br_if $done4 (i32.ge_u (local.get $x) (local.get $rowEnd4)))
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $klo (v128.load offset=96 (local.get $p)))
                (local.set $khi (v128.load offset=112 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 144)))
                (br $vec))))
          (else
            (block $done4
              (loop $vec
                (br_if $done4 (i32.ge_u (local.get $x) (local.get $rowEnd4)))
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 144)))
                (br $vec)))))
        ;; More than 4 channels, not a multiple of 4: the row's last 4 elements as one vector (over-
        ;; lapping the one before, which it writes again with the same values) with the tail block.
        (if (local.get $tailVector)
          (then
            (local.set $p (local.get $tail))
            (local.set $out (i32.sub (local.get $out) (i32.sub (local.get $x) (i32.sub (local.get $rowEnd) (i32.const 16)))))
            (local.set $x (i32.sub (local.get $rowEnd) (i32.const 16)))
            (if (local.get $clamp)
              (then
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $klo (v128.load offset=96 (local.get $p)))
                (local.set $khi (v128.load offset=112 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (f32x4.pmax (local.get $m) (local.get $klo))
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmin (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)) (local.get $khi))))))
              (else
                (local.set $ka (v128.load offset=0 (local.get $p)))
                (local.set $kw (v128.load offset=16 (local.get $p)))
                (local.set $kgn (v128.load offset=32 (local.get $p)))
                (local.set $kgp (v128.load offset=48 (local.get $p)))
                (local.set $kt (v128.load offset=64 (local.get $p)))
                (local.set $kk (v128.load offset=80 (local.get $p)))
                (local.set $u (f32x4.add (v128.load (local.get $x)) (local.get $ka)))
                (local.set $m (f32x4.pmin (local.get $u) (local.get $kw)))
                (v128.store (local.get $out)
                  (f32x4.add
                    (f32x4.add (local.get $kt)
                      (f32x4.mul (local.get $m)
                        (f32x4.add (local.get $kgn) (f32x4.mul (local.get $kk) (f32x4.pmax (local.get $m) (local.get $zero))))))
                    (f32x4.mul (local.get $kgp) (f32x4.pmax (f32x4.sub (local.get $u) (local.get $kw)) (local.get $zero)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))))
        ;; Fewer than 4 channels: one at a time (f32.min/max keep NaN like pmin/pmax).
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $rowEnd)))
            (local.set $su (f32.add (f32.load (local.get $x)) (f32.load offset=0 (local.get $p))))
            (local.set $sm (f32.min (local.get $su) (f32.load offset=16 (local.get $p))))
            (f32.store (local.get $out)
              (f32.add
                (f32.add (f32.load offset=64 (local.get $p))
                  (f32.mul (f32.max (local.get $sm) (f32.load offset=96 (local.get $p)))
                    (f32.add (f32.load offset=32 (local.get $p))
                      (f32.mul (f32.load offset=80 (local.get $p)) (f32.max (local.get $sm) (f32.const 0))))))
                (f32.mul (f32.load offset=48 (local.get $p))
                  (f32.min (f32.max (f32.sub (local.get $su) (f32.load offset=16 (local.get $p))) (f32.const 0))
                           (f32.load offset=112 (local.get $p))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail))))))

  ;; out[i] = dy[i]·(g₋ + d·clip(x[i] + α, 0, w)) for i < n, one set of constants.
  (func (export "gsmeluGradX") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
      (param $a f32) (param $w f32) (param $gn f32) (param $d f32)
    (local $va v128) (local $vw v128) (local $vgn v128) (local $vd v128) (local $zero v128)
    (local $end8 i32) (local $end4 i32) (local $end i32)
    (global.set $k0 (f32x4.splat (local.get $a)))
    (global.set $k1 (f32x4.splat (local.get $w)))
    (global.set $k2 (f32x4.splat (local.get $gn)))
    (global.set $k3 (f32x4.splat (local.get $d)))
    (local.set $va (global.get $k0))
    (local.set $vw (global.get $k1))
    (local.set $vgn (global.get $k2))
    (local.set $vd (global.get $k3))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done8
      (loop $vec8
        (br_if $done8 (i32.ge_u (local.get $x) (local.get $end8)))
        (v128.store offset=0 (local.get $out)
          (f32x4.mul (v128.load offset=0 (local.get $dy))
            (f32x4.add (local.get $vgn)
              (f32x4.mul (local.get $vd)
                (f32x4.pmin (f32x4.pmax (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $va)) (local.get $zero))
                  (local.get $vw))))))
        (v128.store offset=16 (local.get $out)
          (f32x4.mul (v128.load offset=16 (local.get $dy))
            (f32x4.add (local.get $vgn)
              (f32x4.mul (local.get $vd)
                (f32x4.pmin (f32x4.pmax (f32x4.add (v128.load offset=16 (local.get $x)) (local.get $va)) (local.get $zero))
                  (local.get $vw))))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br $vec8)))
    (if (i32.lt_u (local.get $x) (local.get $end4))
      (then
        (v128.store offset=0 (local.get $out)
          (f32x4.mul (v128.load offset=0 (local.get $dy))
            (f32x4.add (local.get $vgn)
              (f32x4.mul (local.get $vd)
                (f32x4.pmin (f32x4.pmax (f32x4.add (v128.load offset=0 (local.get $x)) (local.get $va)) (local.get $zero))
                  (local.get $vw))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $out)
          (f32.mul (f32.load (local.get $dy))
            (f32.add (local.get $gn)
              (f32.mul (local.get $d)
                (f32.min (f32.max (f32.add (f32.load (local.get $x)) (local.get $a)) (f32.const 0)) (local.get $w))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; Writes the constants of `channels` channels in the block layout at $k
  ;; (see above) from the five parameters, float32 at $a, $b, $gn, $gp, $t,
  ;; each advancing by its step in bytes per channel (0: one value shared by
  ;; every channel, 4: one value per channel). Computed in float64 and rounded
  ;; once to float32, the same values as the kernels' JavaScript computes.
  ;; Returns bit 0: some channel has a zero slope (the forward loop then needs
  ;; its clamps); bit 1: some value is invalid (α or β not finite and > 0, or
  ;; g₋, g₊, t not finite): the caller then reports which and discards $k.
  ;; Lanes past the last channel are not written (no loop reads them). With
  ;; more than 4 channels, not a multiple of 4, one more block follows: the
  ;; last 4 channels' constants, for the vector that ends each row.
  (func (export "gsmeluConstants") (param $a i32) (param $as i32) (param $b i32) (param $bs i32)
      (param $gn i32) (param $gns i32) (param $gp i32) (param $gps i32) (param $t i32) (param $ts i32)
      (param $channels i32) (param $k i32) (result i32)
    (local $ch i32) (local $p i32) (local $flags i32) (local $tb i32) (local $f i32)
    (local $va f64) (local $vb f64) (local $vgn f64) (local $vgp f64) (local $vt f64) (local $w f64)
    (block $done
      (loop $channel
        (br_if $done (i32.ge_u (local.get $ch) (local.get $channels)))
        (local.set $va (f64.promote_f32 (f32.load (local.get $a))))
        (local.set $vb (f64.promote_f32 (f32.load (local.get $b))))
        (local.set $vgn (f64.promote_f32 (f32.load (local.get $gn))))
        (local.set $vgp (f64.promote_f32 (f32.load (local.get $gp))))
        (local.set $vt (f64.promote_f32 (f32.load (local.get $t))))
        ;; NaN fails every comparison; v − v is NaN for ±∞.
        (if (i32.eqz (i32.and
              (i32.and (f64.gt (local.get $va) (f64.const 0)) (f64.lt (local.get $va) (f64.const inf)))
              (i32.and
                (i32.and (f64.gt (local.get $vb) (f64.const 0)) (f64.lt (local.get $vb) (f64.const inf)))
                (i32.and
                  (f64.eq (f64.sub (local.get $vgn) (local.get $vgn)) (f64.const 0))
                  (i32.and (f64.eq (f64.sub (local.get $vgp) (local.get $vgp)) (f64.const 0))
                           (f64.eq (f64.sub (local.get $vt) (local.get $vt)) (f64.const 0)))))))
          (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))
        (if (i32.or (f64.eq (local.get $vgn) (f64.const 0)) (f64.eq (local.get $vgp) (f64.const 0)))
          (then (local.set $flags (i32.or (local.get $flags) (i32.const 1)))))
        (local.set $w (f64.add (local.get $va) (local.get $vb)))
        ;; Field f of channel ch: block (ch >> 2) of 144 bytes, 16 f bytes in, lane ch & 3.
        (local.set $p (i32.add (local.get $k)
          (i32.add (i32.mul (i32.shr_u (local.get $ch) (i32.const 2)) (i32.const 144))
                   (i32.shl (i32.and (local.get $ch) (i32.const 3)) (i32.const 2)))))
        (f32.store offset=0 (local.get $p) (f32.demote_f64 (local.get $va)))
        (f32.store offset=16 (local.get $p) (f32.demote_f64 (local.get $w)))
        (f32.store offset=32 (local.get $p) (f32.demote_f64 (local.get $vgn)))
        (f32.store offset=48 (local.get $p) (f32.demote_f64 (local.get $vgp)))
        (f32.store offset=64 (local.get $p) (f32.demote_f64 (local.get $vt)))
        (f32.store offset=80 (local.get $p) (f32.demote_f64
          (f64.div (f64.mul (f64.sub (local.get $vgp) (local.get $vgn)) (f64.const 0.5)) (local.get $w))))
        (f32.store offset=96 (local.get $p)
          (select (f32.const -0x1.fffffep+127) (f32.const -inf) (f64.eq (local.get $vgn) (f64.const 0))))
        (f32.store offset=112 (local.get $p)
          (select (f32.const 0x1.fffffep+127) (f32.const inf) (f64.eq (local.get $vgp) (f64.const 0))))
        (f32.store offset=128 (local.get $p) (f32.demote_f64
          (f64.div (f64.sub (local.get $vgp) (local.get $vgn)) (local.get $w))))
        (local.set $a (i32.add (local.get $a) (local.get $as)))
        (local.set $b (i32.add (local.get $b) (local.get $bs)))
        (local.set $gn (i32.add (local.get $gn) (local.get $gns)))
        (local.set $gp (i32.add (local.get $gp) (local.get $gps)))
        (local.set $t (i32.add (local.get $t) (local.get $ts)))
        (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
        (br $channel)))
    (if (i32.and (i32.ne (i32.and (local.get $channels) (i32.const 3)) (i32.const 0))
                 (i32.gt_u (local.get $channels) (i32.const 4)))
      (then
        ;; Lane j of the tail block: channel channels − 4 + j, every field copied from its block.
        (local.set $tb (i32.add (local.get $k)
          (i32.mul (i32.shr_u (i32.add (local.get $channels) (i32.const 3)) (i32.const 2)) (i32.const 144))))
        (local.set $ch (i32.sub (local.get $channels) (i32.const 4)))
        (block $laneDone
          (loop $lane
            (br_if $laneDone (i32.ge_u (local.get $ch) (local.get $channels)))
            (local.set $p (i32.add (local.get $k)
              (i32.add (i32.mul (i32.shr_u (local.get $ch) (i32.const 2)) (i32.const 144))
                       (i32.shl (i32.and (local.get $ch) (i32.const 3)) (i32.const 2)))))
            (local.set $f (i32.const 0))
            (block $fieldDone
              (loop $field
                (br_if $fieldDone (i32.ge_u (local.get $f) (i32.const 144)))
                (f32.store (i32.add (local.get $tb) (local.get $f)) (f32.load (i32.add (local.get $p) (local.get $f))))
                (local.set $f (i32.add (local.get $f) (i32.const 16)))
                (br $field)))
            (local.set $tb (i32.add (local.get $tb) (i32.const 4)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $lane)))))
    (local.get $flags))

  ;; dy·∂f/∂x over `rows` rows of `channels` elements, constants per channel at $k.
  (func (export "gsmeluGradXChannels") (param $dy i32) (param $x i32) (param $out i32) (param $rows i32)
      (param $channels i32) (param $k i32)
    (local $p i32) (local $rowEnd4 i32) (local $rowEnd i32) (local $zero v128)
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $p (local.get $k))
        (local.set $rowEnd (i32.add (local.get $x) (i32.shl (local.get $channels) (i32.const 2))))
        (local.set $rowEnd4
          (i32.add (local.get $x) (i32.shl (i32.and (local.get $channels) (i32.const -4)) (i32.const 2))))
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $rowEnd4)))
            (v128.store align=4 (local.get $out)
              (f32x4.mul (v128.load align=4 (local.get $dy))
                (f32x4.add (v128.load offset=32 (local.get $p))
                  (f32x4.mul (v128.load offset=128 (local.get $p))
                    (f32x4.pmin
                      (f32x4.pmax (f32x4.add (v128.load align=4 (local.get $x)) (v128.load offset=0 (local.get $p)))
                                  (local.get $zero))
                      (v128.load offset=16 (local.get $p)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 144)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $rowEnd)))
            (f32.store (local.get $out)
              (f32.mul (f32.load (local.get $dy))
                (f32.add (f32.load offset=32 (local.get $p))
                  (f32.mul (f32.load offset=128 (local.get $p))
                    (f32.min
                      (f32.max (f32.add (f32.load (local.get $x)) (f32.load offset=0 (local.get $p))) (f32.const 0))
                      (f32.load offset=16 (local.get $p)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))


    ;; Σ dy[i]·∂f/∂p(x[i]) for i < n, one set of constants: products in float32
  ;; lanes, sums in float64 (within about 1e-7 of Σ|terms| of the cpu kernel's
  ;; float64 sums). $which: 0 α, 1 β, 2 g₋, 3 g₊, 4 t; d = g₊ − g₋, invW = 1/w.
  ;; With r = c/w: ∂f/∂α = g₋ + d·r·(1 − r/2), ∂f/∂β = −d·r²/2,
  ;; ∂f/∂g₋ = min(u, 0) + c − c·c/(2w), ∂f/∂g₊ = c·c/(2w) + max(u − w, 0), ∂f/∂t = 1.
  ;; One loop per parameter: the choice is made once, not per element.
  (func (export "gsmeluParamGrad") (param $which i32) (param $dy i32) (param $x i32) (param $n i32)
      (param $a f32) (param $w f32) (param $gn f32) (param $d f32) (param $invW f32) (result f64)
    (local $va v128) (local $vw v128) (local $vgn v128) (local $vd v128) (local $vinvw v128) (local $vnhd v128)
    (local $zero v128) (local $one v128) (local $half v128)
    (local $u v128) (local $c v128) (local $r v128) (local $p v128) (local $acc0 v128) (local $acc1 v128)
    (local $su f32) (local $sc f32) (local $sr f32) (local $tailSum f64) (local $end4 i32) (local $end i32)
    (global.set $k0 (f32x4.splat (local.get $a)))
    (local.set $va (global.get $k0))
    (global.set $k1 (f32x4.splat (local.get $w)))
    (local.set $vw (global.get $k1))
    (global.set $k2 (f32x4.splat (local.get $gn)))
    (local.set $vgn (global.get $k2))
    (global.set $k3 (f32x4.splat (local.get $d)))
    (local.set $vd (global.get $k3))
    (global.set $k4 (f32x4.splat (local.get $invW)))
    (local.set $vinvw (global.get $k4))
    (global.set $k5 (f32x4.splat (f32.mul (f32.const -0.5) (local.get $d))))
    (local.set $vnhd (global.get $k5))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $half (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $acc0 (v128.const i32x4 0 0 0 0))
    (local.set $acc1 (v128.const i32x4 0 0 0 0))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $finish
      (block $shift
        (block $gPos
          (block $gNeg
            (block $beta
              (block $alpha
                (br_table $alpha $beta $gNeg $gPos $shift (local.get $which)))
        ;; α
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
            (local.set $u (f32x4.add (v128.load align=4 (local.get $x)) (local.get $va)))
            (local.set $c (f32x4.pmin (f32x4.pmax (local.get $u) (local.get $zero)) (local.get $vw)))
            (local.set $p (f32x4.mul (v128.load align=4 (local.get $dy))
              (f32x4.add (local.get $vgn) (f32x4.mul (f32x4.mul (local.get $vd)
                (local.tee $r (f32x4.mul (local.get $c) (local.get $vinvw))))
                (f32x4.sub (local.get $one) (f32x4.mul (local.get $half) (local.get $r)))))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $p))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
            (local.set $sc (f32.min (f32.max (local.get $su) (f32.const 0)) (local.get $w)))
            (local.set $tailSum (f64.add (local.get $tailSum) (f64.promote_f32 (f32.mul (f32.load (local.get $dy))
              (f32.add (local.get $gn) (f32.mul (f32.mul (local.get $d)
                (local.tee $sr (f32.mul (local.get $sc) (local.get $invW))))
                (f32.sub (f32.const 1) (f32.mul (f32.const 0.5) (local.get $sr)))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $tail)))
              (br $finish))
        ;; β
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
            (local.set $u (f32x4.add (v128.load align=4 (local.get $x)) (local.get $va)))
            (local.set $c (f32x4.pmin (f32x4.pmax (local.get $u) (local.get $zero)) (local.get $vw)))
            (local.set $p (f32x4.mul (v128.load align=4 (local.get $dy))
              (f32x4.mul (f32x4.mul (local.get $vnhd) (local.tee $r (f32x4.mul (local.get $c) (local.get $vinvw))))
                (local.get $r))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $p))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
            (local.set $sc (f32.min (f32.max (local.get $su) (f32.const 0)) (local.get $w)))
            (local.set $tailSum (f64.add (local.get $tailSum) (f64.promote_f32 (f32.mul (f32.load (local.get $dy))
              (f32.mul (f32.mul (f32.mul (f32.const -0.5) (local.get $d))
                (local.tee $sr (f32.mul (local.get $sc) (local.get $invW)))) (local.get $sr))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $tail)))
            (br $finish))
        ;; g₋
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
            (local.set $u (f32x4.add (v128.load align=4 (local.get $x)) (local.get $va)))
            (local.set $c (f32x4.pmin (f32x4.pmax (local.get $u) (local.get $zero)) (local.get $vw)))
            (local.set $p (f32x4.mul (v128.load align=4 (local.get $dy))
              (f32x4.sub (f32x4.add (f32x4.pmin (local.get $u) (local.get $zero)) (local.get $c))
                (f32x4.mul (f32x4.mul (local.get $half) (local.get $c)) (f32x4.mul (local.get $c) (local.get $vinvw))))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $p))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
            (local.set $sc (f32.min (f32.max (local.get $su) (f32.const 0)) (local.get $w)))
            (local.set $tailSum (f64.add (local.get $tailSum) (f64.promote_f32 (f32.mul (f32.load (local.get $dy))
              (f32.sub (f32.add (f32.min (local.get $su) (f32.const 0)) (local.get $sc))
                (f32.mul (f32.mul (f32.const 0.5) (local.get $sc)) (f32.mul (local.get $sc) (local.get $invW))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $tail)))
          (br $finish))
        ;; g₊
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
            (local.set $u (f32x4.add (v128.load align=4 (local.get $x)) (local.get $va)))
            (local.set $c (f32x4.pmin (f32x4.pmax (local.get $u) (local.get $zero)) (local.get $vw)))
            (local.set $p (f32x4.mul (v128.load align=4 (local.get $dy))
              (f32x4.add (f32x4.mul (f32x4.mul (local.get $half) (local.get $c)) (f32x4.mul (local.get $c) (local.get $vinvw)))
                (f32x4.pmax (f32x4.sub (local.get $u) (local.get $vw)) (local.get $zero)))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $p))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
            (local.set $sc (f32.min (f32.max (local.get $su) (f32.const 0)) (local.get $w)))
            (local.set $tailSum (f64.add (local.get $tailSum) (f64.promote_f32 (f32.mul (f32.load (local.get $dy))
              (f32.add (f32.mul (f32.mul (f32.const 0.5) (local.get $sc)) (f32.mul (local.get $sc) (local.get $invW)))
                (f32.max (f32.sub (local.get $su) (local.get $w)) (f32.const 0)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $tail)))
        (br $finish))
        ;; t
        (block $done4
          (loop $vec
            (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
            (local.set $u (f32x4.add (v128.load align=4 (local.get $x)) (local.get $va)))
            (local.set $c (f32x4.pmin (f32x4.pmax (local.get $u) (local.get $zero)) (local.get $vw)))
            (local.set $p (f32x4.mul (v128.load align=4 (local.get $dy))
              (local.get $one)))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $p))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $su (f32.add (f32.load (local.get $x)) (local.get $a)))
            (local.set $sc (f32.min (f32.max (local.get $su) (f32.const 0)) (local.get $w)))
            (local.set $tailSum (f64.add (local.get $tailSum) (f64.promote_f32 (f32.mul (f32.load (local.get $dy))
              (f32.const 1)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $tail))))
    (f64.add
      (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0)))
      (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1)))
               (local.get $tailSum))))
)
