// One example through a 784-100-10 layer 1 as Predictor keeps it ((W^1)T: 784 rows of 100 floats at a stride of 112,
// 64-byte aligned, 351 KB, read from L2), the loop of Gemm/SparseRow.cs: a 64-bit mask of the nonzero inputs per 64
// elements, its set bits walked with tzcnt, per nonzero input one broadcast and 7 FMAs. Inputs: the 10,000
// Fashion-MNIST test images as floats (31 MB), streamed in order, as `backprop bench --config infer1` does.
// "prefetch next" also asks for the next example's row while the masks are made. "split 96+4" reads 6 vectors of each
// row (at stride STR, 112 as the Predictor keeps them, or 96) and the last 4 columns from a compact copy (784 rows of 4).
// python3 -c "import gzip; open('/tmp/test10k.u8','wb').write(gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()[16:])"
// gcc -O2 -mavx512f -mavx512vl -mbmi -mfma [-DSTR=96] sparse_row_l2.c -o sparse_row_l2 && ./sparse_row_l2
// This VM (2026-11-24): 1.85-1.90 us per example; prefetch next 1.69-1.77 us; the same images from L3 (1,000 of them,
// 3 MB, hot) 1.66 us. Split 96+4 with prefetch: 1.56-1.64 us at stride 112 (against 1.71-1.74 prefetch next in the same
// runs), 1.55-1.58 at stride 96. The compressed position lists this path used before (vpcompressd) cost ~0.4 us more in C#.
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 784
#define LS 112
#define N 10000
#ifndef STR
#define STR 112
#endif
float *Wt, *X, *W6, *Tl; float z[128] __attribute__((aligned(64)));
static inline void row(const float* x, int prefetch){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0;
  for(int b=0;b<K;b+=64){ uint64_t m=0;
    for(int t=0;t<64&&b+t<K;t+=16){ m|=(uint64_t)_mm512_cmpneq_ps_mask(_mm512_loadu_ps(x+b+t),_mm512_setzero_ps())<<t; if(prefetch) _mm_prefetch((const char*)(x+K+b+t),_MM_HINT_T0); }
    const float* xb=x+b; const float* wb=Wt+b*LS;
    while(m){ int q=__builtin_ctzll(m); __m512 v=_mm512_set1_ps(xb[q]); const float*p=wb+q*LS;
      s0=_mm512_fmadd_ps(_mm512_load_ps(p),v,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(p+16),v,s1); s2=_mm512_fmadd_ps(_mm512_load_ps(p+32),v,s2);
      s3=_mm512_fmadd_ps(_mm512_load_ps(p+48),v,s3); s4=_mm512_fmadd_ps(_mm512_load_ps(p+64),v,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(p+80),v,s5); s6=_mm512_fmadd_ps(_mm512_load_ps(p+96),v,s6);
      m&=m-1; } }
  _mm512_store_ps(z,s0);_mm512_store_ps(z+16,s1);_mm512_store_ps(z+32,s2);_mm512_store_ps(z+48,s3);_mm512_store_ps(z+64,s4);_mm512_store_ps(z+80,s5);_mm512_store_ps(z+96,s6);
}

static inline void rowsplit(const float* x, int prefetch){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0; __m128 s6=_mm_setzero_ps();
  for(int b=0;b<K;b+=64){ uint64_t m=0;
    for(int t=0;t<64&&b+t<K;t+=16){ m|=(uint64_t)_mm512_cmpneq_ps_mask(_mm512_loadu_ps(x+b+t),_mm512_setzero_ps())<<t; if(prefetch) _mm_prefetch((const char*)(x+K+b+t),_MM_HINT_T0); }
    const float* xb=x+b; const float* wb=W6+b*STR; const float* tb=Tl+b*4;
    while(m){ int q=__builtin_ctzll(m); __m512 v=_mm512_set1_ps(xb[q]); const float*p=wb+q*STR;
      s0=_mm512_fmadd_ps(_mm512_load_ps(p),v,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(p+16),v,s1); s2=_mm512_fmadd_ps(_mm512_load_ps(p+32),v,s2);
      s3=_mm512_fmadd_ps(_mm512_load_ps(p+48),v,s3); s4=_mm512_fmadd_ps(_mm512_load_ps(p+64),v,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(p+80),v,s5);
      s6=_mm_fmadd_ps(_mm_load_ps(tb+q*4),_mm512_castps512_ps128(v),s6);
      m&=m-1; } }
  _mm512_store_ps(z,s0);_mm512_store_ps(z+16,s1);_mm512_store_ps(z+32,s2);_mm512_store_ps(z+48,s3);_mm512_store_ps(z+64,s4);_mm512_store_ps(z+80,s5);_mm_store_ps(z+96,s6);
}
__attribute__((noinline)) void splitp(const float* x){ rowsplit(x,1); }
__attribute__((noinline)) void plain(const float* x){ row(x,0); }
__attribute__((noinline)) void ahead(const float* x){ row(x,1); }
int main(){ Wt=aligned_alloc(64,(K+64)*LS*4); X=aligned_alloc(64,(size_t)N*K*4+256); for(int i=0;i<K*LS;i++) Wt[i]=1e-6f*(i%97); W6=aligned_alloc(64,(K+64)*STR*4); Tl=aligned_alloc(64,(K+64)*4*4); for(int i=0;i<K*STR;i++) W6[i]=1e-6f*(i%97); for(int i=0;i<K*4;i++) Tl[i]=1e-6f*(i%97);
  FILE*f=fopen("/tmp/test10k.u8","rb"); if(!f){ puts("make /tmp/test10k.u8 first (see the header)"); return 1; }
  unsigned char*u=malloc((size_t)N*K); if(fread(u,1,(size_t)N*K,f)!=(size_t)N*K) return 1; for(long i=0;i<(long)N*K;i++) X[i]=u[i]/255.f;
  for(int rep=0;rep<3;rep++){
    double t0=now(); for(int r=0;r<10;r++) for(int e=0;e<N;e++){ plain(X+(size_t)e*K); __asm__ volatile(""::"r"(z):"memory"); } double t1=now();
    for(int r=0;r<10;r++) for(int e=0;e<N;e++){ ahead(X+(size_t)e*K); __asm__ volatile(""::"r"(z):"memory"); } double t2=now();
    for(int r=0;r<10;r++) for(int e=0;e<N;e++){ splitp(X+(size_t)e*K); __asm__ volatile(""::"r"(z):"memory"); } double t3=now();
    printf("streamed: %.3f us per example, prefetch next: %.3f us, split 96+4 with prefetch: %.3f\n", (t1-t0)/(10.0*N)*1e6, (t2-t1)/(10.0*N)*1e6, (t3-t2)/(10.0*N)*1e6); }
}
