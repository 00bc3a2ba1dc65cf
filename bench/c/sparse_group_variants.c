// Variants of the SparseRows loop (bench/c/sparse_group.c) over a 256-column product, 32 rows of A half zero at random,
// k = 784: the present layout (two panels of 8 vectors, 64-row blocks of 32 KB), whole 16-vector rows (stride 272
// floats, not a multiple of 1 KB) with 32-row blocks, and 256-bit vectors (16 ymm accumulators per panel).
// gcc -O2 -mavx512f -mavx2 -mfma -mbmi sparse_group_variants.c -o sparse_group_variants && ./sparse_group_variants 0.5
// This VM (2026-11-24): 1.32 cycles per 512-bit FMA, 1.34-1.35 with 16-vector rows, 1.72 with 256-bit vectors
// (per 512 bits of work): none beats the present layout. Where the present loop's ~1.32 goes beyond the bare FMA loop's
// ~1.2 (2026-11-25, second part of the output): random zeros 1.317-1.332, without C's loads and stores around each
// block 1.265-1.280; every row with exactly half its elements nonzero (32 iterations per block everywhere)
// 1.317-1.333 and 1.264-1.274, the same; no zeros at all (64 iterations) 1.287-1.291 and 1.250-1.262. So C's traffic
// costs ~0.05 cycles per FMA (4 %); whether the loop's exit is mispredicted even at a fixed trip count cannot be told
// here (the VM exposes no performance counters), but evening out the trip counts gains nothing.
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 784
#define R 32
static float *B8, *B16, *A, *C; static uint64_t m64[R*13]; static uint32_t m32[R*25];
// 8-vector panels, 2 of them (256 cols), 64-row blocks (as now)
__attribute__((noinline)) void g8(void){
  for(int pnl=0;pnl<2;pnl++) for(int b=0;b<13;b++){ const float* blk=B8+(size_t)pnl*K*128+(size_t)b*64*128;
    for(int r=0;r<R;r++){ float* c=C+r*256+pnl*128; const float* a=A+r*K+b*64; uint64_t m=m64[r*13+b]; if(!m) continue;
      __m512 s0=_mm512_load_ps(c),s1=_mm512_load_ps(c+16),s2=_mm512_load_ps(c+32),s3=_mm512_load_ps(c+48),s4=_mm512_load_ps(c+64),s5=_mm512_load_ps(c+80),s6=_mm512_load_ps(c+96),s7=_mm512_load_ps(c+112);
      do{ int q=__builtin_ctzll(m); __m512 x=_mm512_set1_ps(a[q]); const float* p=blk+q*128;
        s0=_mm512_fmadd_ps(_mm512_load_ps(p),x,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(p+16),x,s1); s2=_mm512_fmadd_ps(_mm512_load_ps(p+32),x,s2); s3=_mm512_fmadd_ps(_mm512_load_ps(p+48),x,s3);
        s4=_mm512_fmadd_ps(_mm512_load_ps(p+64),x,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(p+80),x,s5); s6=_mm512_fmadd_ps(_mm512_load_ps(p+96),x,s6); s7=_mm512_fmadd_ps(_mm512_load_ps(p+112),x,s7);
        m&=m-1; }while(m);
      _mm512_store_ps(c,s0);_mm512_store_ps(c+16,s1);_mm512_store_ps(c+32,s2);_mm512_store_ps(c+48,s3);_mm512_store_ps(c+64,s4);_mm512_store_ps(c+80,s5);_mm512_store_ps(c+96,s6);_mm512_store_ps(c+112,s7);
    }}
}
#define LS 272
#define F(i) s##i=_mm512_fmadd_ps(_mm512_load_ps(p+16*i),x,s##i);
// 16-vector rows (stride 272), 32-row blocks
__attribute__((noinline)) void g16(void){
  for(int b=0;b<25;b++){ const float* blk=B16+(size_t)b*32*LS;
    for(int r=0;r<R;r++){ float* c=C+r*256; const float* a=A+r*K+b*32; uint32_t m=m32[r*25+b]; if(!m) continue;
      __m512 s0=_mm512_load_ps(c),s1=_mm512_load_ps(c+16),s2=_mm512_load_ps(c+32),s3=_mm512_load_ps(c+48),s4=_mm512_load_ps(c+64),s5=_mm512_load_ps(c+80),s6=_mm512_load_ps(c+96),s7=_mm512_load_ps(c+112);
      __m512 s8=_mm512_load_ps(c+128),s9=_mm512_load_ps(c+144),s10=_mm512_load_ps(c+160),s11=_mm512_load_ps(c+176),s12=_mm512_load_ps(c+192),s13=_mm512_load_ps(c+208),s14=_mm512_load_ps(c+224),s15=_mm512_load_ps(c+240);
      do{ int q=__builtin_ctz(m); __m512 x=_mm512_set1_ps(a[q]); const float* p=blk+q*LS;
        F(0)F(1)F(2)F(3)F(4)F(5)F(6)F(7)F(8)F(9)F(10)F(11)F(12)F(13)F(14)F(15)
        m&=m-1; }while(m);
      _mm512_store_ps(c,s0);_mm512_store_ps(c+16,s1);_mm512_store_ps(c+32,s2);_mm512_store_ps(c+48,s3);_mm512_store_ps(c+64,s4);_mm512_store_ps(c+80,s5);_mm512_store_ps(c+96,s6);_mm512_store_ps(c+112,s7);
      _mm512_store_ps(c+128,s8);_mm512_store_ps(c+144,s9);_mm512_store_ps(c+160,s10);_mm512_store_ps(c+176,s11);_mm512_store_ps(c+192,s12);_mm512_store_ps(c+208,s13);_mm512_store_ps(c+224,s14);_mm512_store_ps(c+240,s15);
    }}
}
#define FY(i) s##i=_mm256_fmadd_ps(_mm256_load_ps(p+8*i),x,s##i);
#define LY(i) __m256 s##i=_mm256_load_ps(c+8*i);
#define SY(i) _mm256_store_ps(c+8*i,s##i);
__attribute__((noinline)) void gy(void){
  for(int pnl=0;pnl<2;pnl++) for(int b=0;b<13;b++){ const float* blk=B8+(size_t)pnl*K*128+(size_t)b*64*128;
    for(int r=0;r<R;r++){ float* c=C+r*256+pnl*128; const float* a=A+r*K+b*64; uint64_t m=m64[r*13+b]; if(!m) continue;
      LY(0)LY(1)LY(2)LY(3)LY(4)LY(5)LY(6)LY(7)LY(8)LY(9)LY(10)LY(11)LY(12)LY(13)LY(14)LY(15)
      do{ int q=__builtin_ctzll(m); __m256 x=_mm256_set1_ps(a[q]); const float* p=blk+q*128;
        FY(0)FY(1)FY(2)FY(3)FY(4)FY(5)FY(6)FY(7)FY(8)FY(9)FY(10)FY(11)FY(12)FY(13)FY(14)FY(15)
        m&=m-1; }while(m);
      SY(0)SY(1)SY(2)SY(3)SY(4)SY(5)SY(6)SY(7)SY(8)SY(9)SY(10)SY(11)SY(12)SY(13)SY(14)SY(15)
    }}
}
// The present loop with each row's partial sums carried in registers from row to row instead of loaded from C and
// stored back around each block (a wrong result: it measures what C's 16 loads and stores per block cost).
__attribute__((noinline)) void g8_no_c(void){
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0;
  for(int pnl=0;pnl<2;pnl++) for(int b=0;b<13;b++){ const float* blk=B8+(size_t)pnl*K*128+(size_t)b*64*128;
    for(int r=0;r<R;r++){ const float* a=A+r*K+b*64; uint64_t m=m64[r*13+b]; if(!m) continue;
      do{ int q=__builtin_ctzll(m); __m512 x=_mm512_set1_ps(a[q]); const float* p=blk+q*128;
        s0=_mm512_fmadd_ps(_mm512_load_ps(p),x,s0); s1=_mm512_fmadd_ps(_mm512_load_ps(p+16),x,s1); s2=_mm512_fmadd_ps(_mm512_load_ps(p+32),x,s2); s3=_mm512_fmadd_ps(_mm512_load_ps(p+48),x,s3);
        s4=_mm512_fmadd_ps(_mm512_load_ps(p+64),x,s4); s5=_mm512_fmadd_ps(_mm512_load_ps(p+80),x,s5); s6=_mm512_fmadd_ps(_mm512_load_ps(p+96),x,s6); s7=_mm512_fmadd_ps(_mm512_load_ps(p+112),x,s7);
        m&=m-1; }while(m);
    }}
  _mm512_store_ps(C,_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0,s1),_mm512_add_ps(s2,s3)),_mm512_add_ps(_mm512_add_ps(s4,s5),_mm512_add_ps(s6,s7))));
}
// Masks with exactly half of each block's bits set (every row's trip count the same), or all of them.
static long set_masks(int all){ long nz=0; for(int r=0;r<R;r++) for(int b=0;b<13;b++){ int len=b==12?K-12*64:64; uint64_t m=0;
    if(all) m=len==64?~0ull:((1ull<<len)-1); else for(int got=0;got<len/2;){ int t=rand()%len; if(!(m>>t&1)){ m|=1ull<<t; got++; } }
    m64[r*13+b]=m; nz+=__builtin_popcountll(m); for(int t=0;t<len;t++) A[r*K+b*64+t]=(m>>t&1)?0.5f:0; } return nz; }
int main(int argc,char**argv){ double zeros=argc>1?atof(argv[1]):0.5;
  B8=aligned_alloc(64,(size_t)2*832*128*4); B16=aligned_alloc(64,(size_t)800*LS*4); A=aligned_alloc(64,R*K*4+256); C=aligned_alloc(64,R*256*4);
  for(size_t i=0;i<(size_t)2*832*128;i++) B8[i]=1e-6f*(i%97); for(size_t i=0;i<(size_t)800*LS;i++) B16[i]=1e-6f*(i%97); srand(3);
  for(int r=0;r<R;r++) for(int q=0;q<K;q++){ A[r*K+q]=(rand()/(double)RAND_MAX)<zeros?0:0.5f; }
  long nnz=0; for(int r=0;r<R;r++){ for(int b=0;b<13;b++){ uint64_t m=0; for(int t=0;t<64&&b*64+t<K;t++) if(A[r*K+b*64+t]!=0) m|=1ull<<t; m64[r*13+b]=m; nnz+=__builtin_popcountll(m);}
    for(int b=0;b<25;b++){ uint32_t m=0; for(int t=0;t<32&&b*32+t<K;t++) if(A[r*K+b*32+t]!=0) m|=1u<<t; m32[r*25+b]=m;} }
  for(int round=0;round<3;round++){ int reps=2000;
    double t0=now(); for(int i=0;i<reps;i++) g8(); double t1=now();
    printf("8-vector panels, 64-row blocks: %.3f cycles/FMA   ", (t1-t0)*3.7e9/((double)reps*nnz*16));
    t0=now(); for(int i=0;i<reps;i++) g16(); t1=now();
    printf("16-vector rows, 32-row blocks: %.3f   ", (t1-t0)*3.7e9/((double)reps*nnz*16));
    t0=now(); for(int i=0;i<reps;i++) gy(); t1=now();
    printf("256-bit vectors: %.3f cycles per 512 bits of FMA (%g)\n", (t1-t0)*3.7e9/((double)reps*nnz*16), C[7]);
  }
  // Where the present loop's time goes beyond the bare FMA loop (axpy_rows.c, broadcast_cost.c: ~1.2 cycles per FMA).
  const char* names[] = { "random zeros", "exactly half nonzero", "all nonzero" };
  for(int kind=0;kind<3;kind++){ long nz=nnz; if(kind>0) nz=set_masks(kind==2);
    for(int round=0;round<2;round++){ int reps=kind==2?1000:2000;
      double t0=now(); for(int i=0;i<reps;i++) g8(); double t1=now();
      printf("%s: 8-vector panels %.3f cycles/FMA, ", names[kind], (t1-t0)*3.7e9/((double)reps*nz*16));
      t0=now(); for(int i=0;i<reps;i++) g8_no_c(); t1=now();
      printf("without C's loads and stores around each block %.3f (%g)\n", (t1-t0)*3.7e9/((double)reps*nz*16), C[3]);
    }}
}
