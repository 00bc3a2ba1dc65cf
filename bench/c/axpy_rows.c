// The "axpy" form of a row times a matrix, c += a_q * B[q, 0..127] over the rows q, with B (64 x 128 floats) in L1 and the
// 8 vectors of c in registers: the loop of Gemm/SparseRow.cs. It is what a batch product that skips zero inputs would run
// on every nonzero element (one broadcast, 8 loads and 8 FMAs per row), against the packed kernel's 8 x 32 register tile
// (one load per 8 FMAs, about 1.05 cycles per vector FMA here in Microkernel.Kernel512).
// gcc -O2 -mavx512f -mfma axpy_rows.c -o axpy_rows && ./axpy_rows   (this VM: 1.20-1.23 cycles per vector FMA at 3.7 GHz, rows in
// order, through an index list, or with the last load masked: the same. At 50 % zeros (Fashion-MNIST's pixels) a product that
// skips them could take ~0.55-0.65 of the packed time; the C# batch version, Gemm/SparseRows.cs, runs at 1.7-1.8 cycles per
// vector FMA over k = 784 (~1.5 with its block hot in L1) and takes 0.72-0.86 of the packed time, see the README's Speed section)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define K 64
#define N 128
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static float* B; static float a[K]; static unsigned rows[K];
#define AXPY(LOAD7) \
  s0=_mm512_fmadd_ps(_mm512_load_ps(b),x,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(b+16),x,s1); \
  s2=_mm512_fmadd_ps(_mm512_load_ps(b+32),x,s2); s3=_mm512_fmadd_ps(_mm512_load_ps(b+48),x,s3); \
  s4=_mm512_fmadd_ps(_mm512_load_ps(b+64),x,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(b+80),x,s5); \
  s6=_mm512_fmadd_ps(_mm512_load_ps(b+96),x,s6); s7=_mm512_fmadd_ps(LOAD7,x,s7);
#define SUM (_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0,s1),_mm512_add_ps(s2,s3)),_mm512_add_ps(_mm512_add_ps(s4,s5),_mm512_add_ps(s6,s7))))
__attribute__((noinline)) double direct(long reps, float* out){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0; double t0=now();
  for(long r=0;r<reps;r++) for(int q=0;q<K;q++){ __m512 x=_mm512_set1_ps(a[q]); const float*b=B+q*N; AXPY(_mm512_load_ps(b+112)) }
  double t=now()-t0; _mm512_storeu_ps(out,SUM); return t;
}
__attribute__((noinline)) double indexed(long reps, float* out){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0; double t0=now();
  for(long r=0;r<reps;r++) for(int t=0;t<K;t++){ unsigned q=rows[t]; __m512 x=_mm512_set1_ps(a[q]); const float*b=B+q*N; AXPY(_mm512_load_ps(b+112)) }
  double t=now()-t0; _mm512_storeu_ps(out,SUM); return t;
}
__attribute__((noinline)) double masked(long reps, float* out, __mmask16 live){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0; double t0=now();
  for(long r=0;r<reps;r++) for(int q=0;q<K;q++){ __m512 x=_mm512_set1_ps(a[q]); const float*b=B+q*N; AXPY(_mm512_maskz_loadu_ps(live,b+112)) }
  double t=now()-t0; _mm512_storeu_ps(out,SUM); return t;
}
int main(){
  B=aligned_alloc(64,K*N*4); for(int i=0;i<K*N;i++) B[i]=(rand()%100)*1e-6f;
  for(int i=0;i<K;i++){ a[i]=0.5f+i*0.001f; rows[i]=i; }
  float out[16]; long reps=2000000; double f=(double)reps*K*8, ghz=3.7e9;
  for(int round=0;round<2;round++){
    printf("rows in order:      %.2f cycles per vector FMA\n", direct(reps,out)/f*ghz);
    printf("rows through a list: %.2f cycles per vector FMA\n", indexed(reps,out)/f*ghz);
    printf("last load masked:   %.2f cycles per vector FMA\n", masked(reps,out,(__mmask16)0x000F)/f*ghz);
  }
  printf("(%g)\n", out[0]);
}
