;; SmeLU and its gradient as WebAssembly SIMD loops over the tfjs wasm
;; backend's own heap (the memory is imported, so no copies).
;;
;; Each f32x4 vector is widened to two f64x2 halves and computed in float64,
;; like the cpu kernel's JavaScript loops, then rounded to float32 once: the
;; results match the cpu kernel and β need not be a float32.
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
;; f(v) = max(v, (c + β)² / (4β)), c = clip(v, −β, β): below −β the square
;; is 0 ≥ v, inside it is ≥ v, above β it is β ≤ v.
  (func (export "smelu") (param $x i32) (param $out i32) (param $n i32) (param $b f64)
    (local $beta v128) (local $negBeta v128) (local $q v128) (local $v v128)
    (local $lo v128) (local $hi v128) (local $end4 i32) (local $end i32)
    (local $s f64) (local $w f64)
    (local.set $beta (f64x2.splat (local.get $b)))
    (local.set $negBeta (f64x2.splat (f64.neg (local.get $b))))
    (local.set $q (f64x2.splat (f64.div (f64.const 0.25) (local.get $b))))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $vec
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $v (v128.load align=4 (local.get $x)))
        ;; lanes 0, 1 and lanes 2, 3 widened to float64
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $hi (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
        ;; $v ← c + β, then the result, for each half
        (local.set $v (f64x2.add
          (f64x2.pmin (f64x2.pmax (local.get $lo) (local.get $negBeta)) (local.get $beta)) (local.get $beta)))
        (local.set $lo (f64x2.pmax (local.get $lo)
          (f64x2.mul (f64x2.mul (local.get $v) (local.get $v)) (local.get $q))))
        (local.set $v (f64x2.add
          (f64x2.pmin (f64x2.pmax (local.get $hi) (local.get $negBeta)) (local.get $beta)) (local.get $beta)))
        (local.set $hi (f64x2.pmax (local.get $hi)
          (f64x2.mul (f64x2.mul (local.get $v) (local.get $v)) (local.get $q))))
        (v128.store align=4 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $w (f64.promote_f32 (f32.load (local.get $x))))
        (local.set $s (f64.add
          (f64.min (f64.max (local.get $w) (f64.neg (local.get $b))) (local.get $b)) (local.get $b)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.max (local.get $w)
          (f64.mul (f64.mul (local.get $s) (local.get $s)) (f64.div (f64.const 0.25) (local.get $b))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out[i] = dy[i] · clip((x[i] + β) / (2β), 0, 1) for i < n.
  (func (export "smeluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32) (param $b f64)
    (local $beta v128) (local $h v128) (local $zero v128) (local $one v128) (local $v v128) (local $d v128)
    (local $lo v128) (local $hi v128) (local $end4 i32) (local $end i32)
    (local.set $beta (f64x2.splat (local.get $b)))
    (local.set $h (f64x2.splat (f64.div (f64.const 0.5) (local.get $b))))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $vec
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $d (v128.load align=4 (local.get $dy)))
        (local.set $lo (f64x2.mul (f64x2.promote_low_f32x4 (local.get $d))
          (f64x2.pmin (f64x2.pmax
            (f64x2.mul (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (local.get $beta)) (local.get $h))
            (local.get $zero)) (local.get $one))))
        (local.set $v (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))
        (local.set $d (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d) (local.get $d)))
        (local.set $hi (f64x2.mul (f64x2.promote_low_f32x4 (local.get $d))
          (f64x2.pmin (f64x2.pmax
            (f64x2.mul (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (local.get $beta)) (local.get $h))
            (local.get $zero)) (local.get $one))))
        (v128.store align=4 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul
          (f64.promote_f32 (f32.load (local.get $dy)))
          (f64.min (f64.max
            (f64.mul (f64.add (f64.promote_f32 (f32.load (local.get $x))) (local.get $b))
              (f64.div (f64.const 0.5) (local.get $b)))
            (f64.const 0)) (f64.const 1)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))
)
