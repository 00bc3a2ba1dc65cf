// What the sparse loop's broadcast costs: one nonzero element a_q of a row of A times 8 vectors of a row of B in L1,
// c += a_q · B[q, 0..127] (the loop of Gemm/SparseRows.cs), with a_q reaching the FMAs in several ways. Written in
// inline assembly, so that each variant is exactly the instructions named:
//   in a register     the same a_q every time (no broadcast at all)
//   vbroadcastss      vbroadcastss zmm, [a_q], then 8 FMAs whose second operand is B from memory (what the JIT emits)
//   embedded {1to16}  B loaded into 8 registers, each FMA broadcasting a_q from memory itself
//   whole vector      a_q stored beforehand as 16 copies, one 512-bit load
//   f32x8 / f32x4     a_q stored as 8 or 4 copies, vbroadcastf32x8 / vbroadcastf32x4 from memory
// and, from intrinsics (gcc's code), the same loop with a_q in a register and with _mm512_set1_ps(a[q]).
// gcc -O2 -mavx512f -mavx512dq -mfma broadcast_cost.c -o broadcast_cost && ./broadcast_cost
// This VM (2026-11-25, AMD EPYC that reports a Zen 4; 3.7 GHz assumed), cycles per vector FMA, rows of B cycled over 4 KB
// and 16 KB: assembly: in a register 1.20-1.21, vbroadcastss 1.22-1.23, embedded 1.68-1.70, whole vector 1.34-1.35,
// f32x8 1.28-1.30, f32x4 1.28-1.29; intrinsics: in a register 1.09-1.11, set1 1.18. So no other way of bringing
// a_q in beats vbroadcastss, which the library's loop uses; what the broadcast itself costs depends on how the loop
// around it is compiled (0.01-0.02 cycles per FMA in the assembly, 0.07-0.09 in gcc's code), and ~1.2 cycles per FMA is where
// this loop stands either way (the packed kernel, which reuses each broadcast over 8 rows of C, runs at ~1.05).
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static float *B, *pre;
#define INIT __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0;
#define OUT _mm512_storeu_ps(out,_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0,s1),_mm512_add_ps(s2,s3)),_mm512_add_ps(_mm512_add_ps(s4,s5),_mm512_add_ps(s6,s7))));
#define ACC [s0]"+v"(s0),[s1]"+v"(s1),[s2]"+v"(s2),[s3]"+v"(s3),[s4]"+v"(s4),[s5]"+v"(s5),[s6]"+v"(s6),[s7]"+v"(s7)
#define FMAS_FROM_B(REG) \
  "vfmadd231ps (%[p]), " REG ", %[s0]\n\t" "vfmadd231ps 64(%[p]), " REG ", %[s1]\n\t" \
  "vfmadd231ps 128(%[p]), " REG ", %[s2]\n\t" "vfmadd231ps 192(%[p]), " REG ", %[s3]\n\t" \
  "vfmadd231ps 256(%[p]), " REG ", %[s4]\n\t" "vfmadd231ps 320(%[p]), " REG ", %[s5]\n\t" \
  "vfmadd231ps 384(%[p]), " REG ", %[s6]\n\t" "vfmadd231ps 448(%[p]), " REG ", %[s7]\n\t"
#define LOOP(name, stride, ASM, ...) __attribute__((noinline)) double name(long n, int rows, float* out) { INIT \
  __m512 keep = _mm512_set1_ps(0.5f); double t = now(); \
  for (long i = 0; i < n; i++) { const float* x = pre + (i & 63) * stride; const float* p = B + (i & (rows - 1)) * 128; \
    __asm__ volatile(ASM : ACC : [x]"r"(x), [p]"r"(p), [k]"v"(keep) : __VA_ARGS__ "memory"); } \
  t = now() - t; OUT return t; }
LOOP(in_register, 16, FMAS_FROM_B("%[k]"), )
LOOP(broadcastss, 1, "vbroadcastss (%[x]), %%zmm16\n\t" FMAS_FROM_B("%%zmm16"), "zmm16",)
LOOP(whole_vector, 16, "vmovaps (%[x]), %%zmm16\n\t" FMAS_FROM_B("%%zmm16"), "zmm16",)
LOOP(f32x8, 8, "vbroadcastf32x8 (%[x]), %%zmm16\n\t" FMAS_FROM_B("%%zmm16"), "zmm16",)
LOOP(f32x4, 4, "vbroadcastf32x4 (%[x]), %%zmm16\n\t" FMAS_FROM_B("%%zmm16"), "zmm16",)
#define E(i) "vmovaps " #i "*64(%[p]), %%zmm" #i "\n\t"
#define F(i, s) "vfmadd231ps (%[x])%{1to16%}, %%zmm" #i ", %[" #s "]\n\t"
LOOP(embedded, 1, E(16) E(17) E(18) E(19) E(20) E(21) E(22) E(23) F(16,s0) F(17,s1) F(18,s2) F(19,s3) F(20,s4) F(21,s5) F(22,s6) F(23,s7),
     "zmm16","zmm17","zmm18","zmm19","zmm20","zmm21","zmm22","zmm23",)
__attribute__((noinline)) double intrinsics(long n, int rows, float* out, int broadcast) { INIT
  __m512 keep = _mm512_set1_ps(0.5f); double t = now();
  if (broadcast)
    for (long i = 0; i < n; i++) { __m512 x = _mm512_set1_ps(pre[(i & 63) * 16]); const float* p = B + (i & (rows - 1)) * 128;
      s0 = _mm512_fmadd_ps(_mm512_load_ps(p), x, s0); s1 = _mm512_fmadd_ps(_mm512_load_ps(p + 16), x, s1);
      s2 = _mm512_fmadd_ps(_mm512_load_ps(p + 32), x, s2); s3 = _mm512_fmadd_ps(_mm512_load_ps(p + 48), x, s3);
      s4 = _mm512_fmadd_ps(_mm512_load_ps(p + 64), x, s4); s5 = _mm512_fmadd_ps(_mm512_load_ps(p + 80), x, s5);
      s6 = _mm512_fmadd_ps(_mm512_load_ps(p + 96), x, s6); s7 = _mm512_fmadd_ps(_mm512_load_ps(p + 112), x, s7); }
  else
    for (long i = 0; i < n; i++) { const float* p = B + (i & (rows - 1)) * 128;
      s0 = _mm512_fmadd_ps(_mm512_load_ps(p), keep, s0); s1 = _mm512_fmadd_ps(_mm512_load_ps(p + 16), keep, s1);
      s2 = _mm512_fmadd_ps(_mm512_load_ps(p + 32), keep, s2); s3 = _mm512_fmadd_ps(_mm512_load_ps(p + 48), keep, s3);
      s4 = _mm512_fmadd_ps(_mm512_load_ps(p + 64), keep, s4); s5 = _mm512_fmadd_ps(_mm512_load_ps(p + 80), keep, s5);
      s6 = _mm512_fmadd_ps(_mm512_load_ps(p + 96), keep, s6); s7 = _mm512_fmadd_ps(_mm512_load_ps(p + 112), keep, s7); }
  t = now() - t; OUT return t; }
int main() {
  B = aligned_alloc(64, 64 * 128 * 4); for (int i = 0; i < 64 * 128; i++) B[i] = (rand() % 100) * 1e-6f;
  pre = aligned_alloc(64, 64 * 16 * 4); for (int i = 0; i < 64 * 16; i++) pre[i] = 0.5f + (i / 16) * 1e-3f;
  float out[16]; long n = 20000000; double f = n * 8.0 / 3.7e9;
  for (int round = 0; round < 3; round++)
    for (int rows = 8; rows <= 32; rows *= 4)
      printf("B over %2d KB: in a register %.3f  vbroadcastss %.3f  embedded {1to16} %.3f  whole vector %.3f  f32x8 %.3f  f32x4 %.3f cycles per FMA\n",
             rows / 2, in_register(n, rows, out) / f, broadcastss(n, rows, out) / f, embedded(n, rows, out) / f,
             whole_vector(n, rows, out) / f, f32x8(n, rows, out) / f, f32x4(n, rows, out) / f);
  for (int round = 0; round < 3; round++)
    for (int rows = 8; rows <= 32; rows *= 4)
      printf("B over %2d KB, from intrinsics: in a register %.3f  set1 %.3f cycles per FMA\n", rows / 2,
             intrinsics(n, rows, out, 0) / f, intrinsics(n, rows, out, 1) / f);
  printf("(%g)\n", out[0]);
}
