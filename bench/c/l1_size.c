// Size of this core's L1 data cache, from the time to read a buffer over and over: one 64-byte load per line, four
// independent sums. gcc -O2 -mavx512f l1_size.c -o l1_size && ./l1_size
// This VM (2026-11-24): 1.15-1.21 cycles per load up to 32 KB, 2.05-2.17 from 36 KB on, so L1d is 32 KB here, not the
// 48 KB of a Zen 5; /proc/cpuinfo says family 25, model 17 (Zen 4), which also explains the 512-bit FMA issuing once
// per cycle (bench/c/fma_peak.c: 117 GFLOP/s).
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){ float* B=aligned_alloc(64,1<<20); for(int i=0;i<(1<<18);i++)B[i]=1e-6f*i;
 int sizes[]={16,24,28,32,36,40,44,48,56,64,96,128};
 for(int si=0;si<12;si++){ int kb=sizes[si]; int n=kb*1024/64; long reps=400000000L/n;
  __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0;
  double t0=now();
  for(long r=0;r<reps;r++){ for(int i=0;i<n;i+=4){ s0=_mm512_add_ps(s0,_mm512_load_ps(B+16*i)); s1=_mm512_add_ps(s1,_mm512_load_ps(B+16*i+16)); s2=_mm512_add_ps(s2,_mm512_load_ps(B+16*i+32)); s3=_mm512_add_ps(s3,_mm512_load_ps(B+16*i+48));} }
  double t=now()-t0; float o[16]; _mm512_storeu_ps(o,_mm512_add_ps(_mm512_add_ps(s0,s1),_mm512_add_ps(s2,s3)));
  printf("%3d KB: %.2f cycles per 64B load at 3.7 GHz (%g)\n",kb,t*3.7e9/((double)reps*n),o[0]); }
}
