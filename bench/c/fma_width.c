// FMA issue rate by width, independent of .NET: 16 independent 256-bit FMA chains, then 8 512-bit FMA chains beside 4 add chains.
// gcc -O2 -mavx512f -mfma fma_width.c -o fma_width && ./fma_width   (this VM: 256-bit 67 GFLOP/s, half the 117 of 512-bit, so one FMA
// instruction issues per cycle whatever its width; 8 FMAs + 4 adds take 8.2 cycles at 3.7 GHz: the adds run beside the FMAs)
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#define N 100000000L
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  __m256 a[16]; for(int i=0;i<16;i++) a[i]=_mm256_set1_ps(1+i*0.1f);
  __m256 m=_mm256_set1_ps(0.999f), b=_mm256_set1_ps(0.001f);
  double t0=now();
  for(long i=0;i<N;i++){
#define F(k) a[k]=_mm256_fmadd_ps(a[k],m,b);
    F(0)F(1)F(2)F(3)F(4)F(5)F(6)F(7)F(8)F(9)F(10)F(11)F(12)F(13)F(14)F(15)
  }
  double t=now()-t0; printf("256-bit FMA: %.1f GFLOP/s\n", N*16.0*16/t/1e9);
  __m512 c[12]; for(int i=0;i<12;i++) c[i]=_mm512_set1_ps(1+i*0.1f);
  __m512 m5=_mm512_set1_ps(0.999f), b5=_mm512_set1_ps(0.001f);
  t0=now();
  for(long i=0;i<N;i++){
#define G(k) c[k]=_mm512_fmadd_ps(c[k],m5,b5);
#define H(k) c[k]=_mm512_add_ps(c[k],b5);
    G(0)G(1)G(2)G(3)G(4)G(5)G(6)G(7)H(8)H(9)H(10)H(11)
  }
  t=now()-t0; printf("512 8 FMA + 4 ADD per iter: %.2f ns/iter (%.2f cycles at 3.7GHz)\n", t/N*1e9, t/N*3.7e9);
  float s=0; for(int i=0;i<16;i++){float v[8];_mm256_storeu_ps(v,a[i]);s+=v[0];} for(int i=0;i<12;i++){float v[16];_mm512_storeu_ps(v,c[i]);s+=v[0];} printf("%f\n",s);
}
