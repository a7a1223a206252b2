;; SmeLU and its gradient as WebAssembly SIMD loops over the tfjs wasm
;; backend's own heap (the memory is imported, so no copies).
;;
;; Float32 lanes, four per instruction (as the wasm backend's relu): within
;; 1e-6 relative of the cpu kernel's float64 loops, not identical to them.
;; β enters split as hi + lo (hi = float32(β), see ../node/beta_split.ts):
;; x + hi is exact near the kink at −β (Sterbenz), adding lo rounds once, so
;; the tiny values just above −β keep their relative accuracy even when β is
;; not a float32. The caller keeps β within [1e-18, 1e18] (no overflow of
;; (2β)², no subnormal 1/(4β)); outside it the JavaScript loops run.
;;
;; pmin/pmax (b < a ? b : a) instead of min/max: V8 compiles IEEE min/max to
;; long NaN-fixing sequences (about 5x slower here), pmin/pmax to one
;; instruction. The argument order keeps NaN: a NaN in the first operand
;; fails the comparison and is returned.
;;
;; Assembled by scripts/build-smelu-wasm.js into smelu_simd_module.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Everything is written out inline: V8 does not inline wasm calls, and a
  ;; call per vector costs several times the arithmetic.
  ;;
  ;; f(x) = max(x, s · (s / (4β))), s = clip(x + β, 0, 2β): below −β the
  ;; product is 0 ≥ x, inside it is (x+β)²/(4β) ≥ x, above β it is β ≤ x.
  ;; s · (s · q) rather than s² · q: s² underflows for tiny β.
  (func (export "smelu") (param $x i32) (param $out i32) (param $n i32) (param $b f64)
    (local $hi f32) (local $lo f32) (local $q f32) (local $twoBeta f32) (local $s f32) (local $w f32)
    (local $vhi v128) (local $vlo v128) (local $vq v128) (local $vtwo v128) (local $zero v128)
    (local $v v128) (local $u v128) (local $end4 i32) (local $end i32)
    (local.set $hi (f32.demote_f64 (local.get $b)))
    (local.set $lo (f32.demote_f64 (f64.sub (local.get $b) (f64.promote_f32 (local.get $hi)))))
    (local.set $q (f32.demote_f64 (f64.div (f64.const 0.25) (local.get $b))))
    (local.set $twoBeta (f32.add (local.get $hi) (local.get $hi)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vq (f32x4.splat (local.get $q)))
    (local.set $vtwo (f32x4.splat (local.get $twoBeta)))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $vec
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $v (v128.load align=4 (local.get $x)))
        ;; $u ← s
        (local.set $u (f32x4.pmin (f32x4.pmax
          (f32x4.add (f32x4.add (local.get $v) (local.get $vhi)) (local.get $vlo))
          (local.get $zero)) (local.get $vtwo)))
        (v128.store align=4 (local.get $out) (f32x4.pmax (local.get $v)
          (f32x4.mul (local.get $u) (f32x4.mul (local.get $u) (local.get $vq)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
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
    (local $end4 i32) (local $end i32)
    (local.set $hi (f32.demote_f64 (local.get $b)))
    (local.set $lo (f32.demote_f64 (f64.sub (local.get $b) (f64.promote_f32 (local.get $hi)))))
    (local.set $h (f32.demote_f64 (f64.div (f64.const 0.5) (local.get $b))))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vh (f32x4.splat (local.get $h)))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $vec
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (v128.store align=4 (local.get $out) (f32x4.mul (v128.load align=4 (local.get $dy))
          (f32x4.pmin (f32x4.pmax
            (f32x4.mul
              (f32x4.add (f32x4.add (v128.load align=4 (local.get $x)) (local.get $vhi)) (local.get $vlo))
              (local.get $vh))
            (local.get $zero)) (local.get $one))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
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
)
