// The loop of Gemm/SparseRows.cs in C, with its structure: 32 rows of A (half their elements zero, at random) over a
// panel of B of k = 784 rows of 8 vectors (128 floats), cut into 13 blocks of 64 rows (32 KB); each row's nonzero
// elements as one 64-bit mask per block, walked with tzcnt; per nonzero element one broadcast, 8 loads and 8 FMAs; the
// row's 8 partial-sum vectors loaded from C and stored back around each block. "pairs" runs two rows together: the
// elements nonzero in both share their 8 loads of B (16 FMAs), then each row's own.
// gcc -O2 -mavx512f -mbmi sparse_group.c -o sparse_group && ./sparse_group 0.5
// With real images instead of random zeros (the zeros argument is then ignored), 32 from image OFFSET on:
//   zcat /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz > t10k && ./sparse_group 0 t10k OFFSET
// This VM (2026-11-24, session 14): images 0-31 and 5000-5031 both 1.29-1.30 cycles per vector FMA over all 13 blocks
// (pairs 1.22-1.27); the same loop in C# (bench `-- loop-replica`, images 0-31): 1.30-1.32, so the JIT's code is not
// what the library's loop loses against this one.
// This VM (2026-11-24): one block hot 1.26-1.28 cycles per vector FMA, all 13 blocks 1.31, pairs 1.27-1.28 (also at
// 55 % zeros). So ~1.3 cycles is what the skipping loop costs on this core whatever the compiler (the C# loop: 1.45-1.6
// over a whole product, its masks and packing included), and sharing loads between rows buys ~3 %: the packed kernel's
// ~1.05 is not reachable this way. With SAME=1 the rows of each pair have the same nonzeros, so every load is shared:
// pairs 1.19 cycles (2026-11-24), still not the packed kernel's ~1.05. Layout variants: sparse_group_variants.c.
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 784
#define BL 64
#define NB ((K+BL-1)/BL)
#define R 32
#define W 128
static float *B, *A, *C; static uint64_t masks[R*NB];
__attribute__((noinline)) void group(int blocks){
  for(int b=0;b<blocks;b++){ const float* blk=B+(size_t)b*BL*W;
    for(int r=0;r<R;r++){ float* c=C+r*W; const float* a=A+r*K+b*BL; uint64_t m=masks[r*NB+b]; if(!m) continue;
      __m512 s0=_mm512_load_ps(c),s1=_mm512_load_ps(c+16),s2=_mm512_load_ps(c+32),s3=_mm512_load_ps(c+48),s4=_mm512_load_ps(c+64),s5=_mm512_load_ps(c+80),s6=_mm512_load_ps(c+96),s7=_mm512_load_ps(c+112);
      do{ int q=__builtin_ctzll(m); __m512 x=_mm512_set1_ps(a[q]); const float* p=blk+q*W;
        s0=_mm512_fmadd_ps(_mm512_load_ps(p),x,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(p+16),x,s1); s2=_mm512_fmadd_ps(_mm512_load_ps(p+32),x,s2); s3=_mm512_fmadd_ps(_mm512_load_ps(p+48),x,s3);
        s4=_mm512_fmadd_ps(_mm512_load_ps(p+64),x,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(p+80),x,s5); s6=_mm512_fmadd_ps(_mm512_load_ps(p+96),x,s6); s7=_mm512_fmadd_ps(_mm512_load_ps(p+112),x,s7);
        m&=m-1; }while(m);
      _mm512_store_ps(c,s0);_mm512_store_ps(c+16,s1);_mm512_store_ps(c+32,s2);_mm512_store_ps(c+48,s3);_mm512_store_ps(c+64,s4);_mm512_store_ps(c+80,s5);_mm512_store_ps(c+96,s6);_mm512_store_ps(c+112,s7);
    }}
}

#define LD8(c,s) __m512 s##0=_mm512_load_ps(c),s##1=_mm512_load_ps(c+16),s##2=_mm512_load_ps(c+32),s##3=_mm512_load_ps(c+48),s##4=_mm512_load_ps(c+64),s##5=_mm512_load_ps(c+80),s##6=_mm512_load_ps(c+96),s##7=_mm512_load_ps(c+112);
#define ST8(c,s) _mm512_store_ps(c,s##0);_mm512_store_ps(c+16,s##1);_mm512_store_ps(c+32,s##2);_mm512_store_ps(c+48,s##3);_mm512_store_ps(c+64,s##4);_mm512_store_ps(c+80,s##5);_mm512_store_ps(c+96,s##6);_mm512_store_ps(c+112,s##7);
#define F1(s,x,i) s##i=_mm512_fmadd_ps(_mm512_load_ps(p+16*i),x,s##i);
#define F2(i) { __m512 v=_mm512_load_ps(p+16*i); s##i=_mm512_fmadd_ps(v,x,s##i); t##i=_mm512_fmadd_ps(v,y,t##i); }
__attribute__((noinline)) void pairs(int blocks){
  for(int b=0;b<blocks;b++){ const float* blk=B+(size_t)b*BL*W;
    for(int r=0;r<R;r+=2){ float* c=C+r*W; float* d=C+(r+1)*W; const float* a=A+r*K+b*BL; const float* a2=A+(r+1)*K+b*BL;
      uint64_t m1=masks[r*NB+b], m2=masks[(r+1)*NB+b]; uint64_t both=m1&m2, o1=m1&~m2, o2=m2&~m1;
      LD8(c,s) LD8(d,t)
      while(both){ int q=__builtin_ctzll(both); __m512 x=_mm512_set1_ps(a[q]), y=_mm512_set1_ps(a2[q]); const float* p=blk+q*W; F2(0)F2(1)F2(2)F2(3)F2(4)F2(5)F2(6)F2(7) both&=both-1; }
      while(o1){ int q=__builtin_ctzll(o1); __m512 x=_mm512_set1_ps(a[q]); const float* p=blk+q*W; F1(s,x,0)F1(s,x,1)F1(s,x,2)F1(s,x,3)F1(s,x,4)F1(s,x,5)F1(s,x,6)F1(s,x,7) o1&=o1-1; }
      while(o2){ int q=__builtin_ctzll(o2); __m512 x=_mm512_set1_ps(a2[q]); const float* p=blk+q*W; F1(t,x,0)F1(t,x,1)F1(t,x,2)F1(t,x,3)F1(t,x,4)F1(t,x,5)F1(t,x,6)F1(t,x,7) o2&=o2-1; }
      ST8(c,s) ST8(d,t)
    }}
}
int main(int argc,char**argv){ double zeros=argc>1?atof(argv[1]):0.5; const char* real=argc>2?argv[2]:0; int off=argc>3?atoi(argv[3]):0;
  B=aligned_alloc(64,(size_t)NB*BL*W*4); A=aligned_alloc(64,R*K*4); C=aligned_alloc(64,R*W*4);
  for(size_t i=0;i<(size_t)NB*BL*W;i++) B[i]=1e-6f*(i%97); srand(3); long nnz=0;
  for(int r=0;r<R;r++) for(int q=0;q<K;q++){ A[r*K+q]=(r%2 && getenv("SAME"))?A[(r-1)*K+q]:((rand()/(double)RAND_MAX)<zeros?0:0.5f); }
  if(real){ FILE* f=fopen(real,"rb"); unsigned char px[K]; if(!f||fseek(f,16+(long)off*K,SEEK_SET)){ perror(real); return 1; }
    for(int r=0;r<R;r++){ if(fread(px,1,K,f)!=K){ fprintf(stderr,"%s: short\n",real); return 1; } for(int q=0;q<K;q++) A[r*K+q]=px[q]/255.0f; } fclose(f); }
  for(int r=0;r<R;r++) for(int b=0;b<NB;b++){ uint64_t m=0; for(int t=0;t<BL&&b*BL+t<K;t++) if(A[r*K+b*BL+t]!=0) m|=1ull<<t; masks[r*NB+b]=m; }
  for(int i=0;i<R*W;i++) C[i]=0;
  for(int r=0;r<R;r++) for(int b=0;b<1;b++) nnz+=__builtin_popcountll(masks[r*NB+b]);
  long nnzAll=0; for(int i=0;i<R*NB;i++) nnzAll+=__builtin_popcountll(masks[i]);
  for(int round=0;round<3;round++){
    int reps=20000; double t0=now(); for(int i=0;i<reps;i++) group(1); double t1=now();
    printf("one block hot: %.2f cycles/FMA   ", (t1-t0)*3.7e9/((double)reps*nnz*8));
    reps=2000; t0=now(); for(int i=0;i<reps;i++) group(NB); t1=now();
    printf("all %d blocks (k=784, panel 400 KB): %.2f cycles/FMA (%g)   ", NB, (t1-t0)*3.7e9/((double)reps*nnzAll*8), C[5]);
    t0=now(); for(int i=0;i<reps;i++) pairs(NB); t1=now();
    printf("pairs: %.2f cycles/FMA\n", (t1-t0)*3.7e9/((double)reps*nnzAll*8));
  }
}
