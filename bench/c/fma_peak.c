// FMA peak of one core, independent of .NET: 16 independent 512-bit FMA chains, no loads.
// gcc -O2 -mavx512f -mfma fma_peak.c -o fma_peak && ./fma_peak   (this VM: ~117 GFLOP/s, 45 flops per TSC cycle)
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>
#define F(x) x=_mm512_fmadd_ps(x,m,b);
int main(){
  __m512 a0=_mm512_set1_ps(1),a1=_mm512_set1_ps(1.1),a2=_mm512_set1_ps(1.2),a3=_mm512_set1_ps(1.3),a4=_mm512_set1_ps(1.4),a5=_mm512_set1_ps(1.5),a6=_mm512_set1_ps(1.6),a7=_mm512_set1_ps(1.7),a8=_mm512_set1_ps(1.8),a9=_mm512_set1_ps(1.9),a10=_mm512_set1_ps(2),a11=_mm512_set1_ps(2.1),a12=_mm512_set1_ps(2.2),a13=_mm512_set1_ps(2.3),a14=_mm512_set1_ps(2.4),a15=_mm512_set1_ps(2.5);
  __m512 m=_mm512_set1_ps(0.999f), b=_mm512_set1_ps(0.001f);
  long n=100000000;
  for(int rep=0;rep<3;rep++){
  struct timespec t0,t1; clock_gettime(CLOCK_MONOTONIC,&t0); unsigned long long c0=__rdtsc();
  for(long i=0;i<n;i++){ F(a0)F(a1)F(a2)F(a3)F(a4)F(a5)F(a6)F(a7)F(a8)F(a9)F(a10)F(a11)F(a12)F(a13)F(a14)F(a15) }
  unsigned long long c1=__rdtsc(); clock_gettime(CLOCK_MONOTONIC,&t1);
  double s=(t1.tv_sec-t0.tv_sec)+(t1.tv_nsec-t0.tv_nsec)*1e-9;
  printf("%.1f GFLOP/s, flops per tsc-cycle %.1f\n", n*16.0*32/s/1e9, n*16.0*32/(c1-c0));
  }
  __m512 r=a0+a1+a2+a3+a4+a5+a6+a7+a8+a9+a10+a11+a12+a13+a14+a15; printf("%f\n",_mm512_reduce_add_ps(r));
}
