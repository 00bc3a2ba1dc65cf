// The nielsen3 forward product 10 x 100 x 784 as dot products in C, by register tile (4x4 in three passes, 5x4, 10x2).
// gcc -O2 -mavx512f -mfma forward_m10.c -o forward_m10 && ./forward_m10   (this VM: 4x4 ~18.5 us, 5x4 ~15.4 us, 10x2 ~19.3 us)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 784
float *W,*A,*C; int N=100, M=10;
#define LD(p) _mm512_loadu_ps(p)
#define FMA(a,b,c) _mm512_fmadd_ps(a,b,c)
// MRxNR dot kernel, generic via macros
static void k4x4(int i,int j){ float*a0=A+i*K,*a1=a0+K,*a2=a1+K,*a3=a2+K,*b0=W+j*K,*b1=b0+K,*b2=b1+K,*b3=b2+K;
 __m512 s[16]; for(int t=0;t<16;t++)s[t]=_mm512_setzero_ps();
 for(int q=0;q<K;q+=16){ __m512 x0=LD(b0+q),x1=LD(b1+q),x2=LD(b2+q),x3=LD(b3+q),y;
  y=LD(a0+q);s[0]=FMA(y,x0,s[0]);s[1]=FMA(y,x1,s[1]);s[2]=FMA(y,x2,s[2]);s[3]=FMA(y,x3,s[3]);
  y=LD(a1+q);s[4]=FMA(y,x0,s[4]);s[5]=FMA(y,x1,s[5]);s[6]=FMA(y,x2,s[6]);s[7]=FMA(y,x3,s[7]);
  y=LD(a2+q);s[8]=FMA(y,x0,s[8]);s[9]=FMA(y,x1,s[9]);s[10]=FMA(y,x2,s[10]);s[11]=FMA(y,x3,s[11]);
  y=LD(a3+q);s[12]=FMA(y,x0,s[12]);s[13]=FMA(y,x1,s[13]);s[14]=FMA(y,x2,s[14]);s[15]=FMA(y,x3,s[15]);}
 for(int r=0;r<4;r++)for(int c=0;c<4;c++) C[(i+r)*N+j+c]=_mm512_reduce_add_ps(s[r*4+c]); }
static void k5x4(int i,int j){ float*a0=A+i*K,*a1=a0+K,*a2=a1+K,*a3=a2+K,*a4=a3+K,*b0=W+j*K,*b1=b0+K,*b2=b1+K,*b3=b2+K;
 __m512 s[20]; for(int t=0;t<20;t++)s[t]=_mm512_setzero_ps();
 for(int q=0;q<K;q+=16){ __m512 x0=LD(b0+q),x1=LD(b1+q),x2=LD(b2+q),x3=LD(b3+q),y;
  y=LD(a0+q);s[0]=FMA(y,x0,s[0]);s[1]=FMA(y,x1,s[1]);s[2]=FMA(y,x2,s[2]);s[3]=FMA(y,x3,s[3]);
  y=LD(a1+q);s[4]=FMA(y,x0,s[4]);s[5]=FMA(y,x1,s[5]);s[6]=FMA(y,x2,s[6]);s[7]=FMA(y,x3,s[7]);
  y=LD(a2+q);s[8]=FMA(y,x0,s[8]);s[9]=FMA(y,x1,s[9]);s[10]=FMA(y,x2,s[10]);s[11]=FMA(y,x3,s[11]);
  y=LD(a3+q);s[12]=FMA(y,x0,s[12]);s[13]=FMA(y,x1,s[13]);s[14]=FMA(y,x2,s[14]);s[15]=FMA(y,x3,s[15]);
  y=LD(a4+q);s[16]=FMA(y,x0,s[16]);s[17]=FMA(y,x1,s[17]);s[18]=FMA(y,x2,s[18]);s[19]=FMA(y,x3,s[19]);}
 for(int r=0;r<5;r++)for(int c=0;c<4;c++) C[(i+r)*N+j+c]=_mm512_reduce_add_ps(s[r*4+c]); }
static void k10x2(int j){ __m512 s[20]; for(int t=0;t<20;t++)s[t]=_mm512_setzero_ps(); float*b0=W+j*K,*b1=b0+K;
 for(int q=0;q<K;q+=16){ __m512 x0=LD(b0+q),x1=LD(b1+q),y;
  #pragma GCC unroll 10
  for(int r=0;r<10;r++){ y=LD(A+r*K+q); s[2*r]=FMA(y,x0,s[2*r]); s[2*r+1]=FMA(y,x1,s[2*r+1]); } }
 for(int r=0;r<10;r++)for(int c=0;c<2;c++) C[r*N+j+c]=_mm512_reduce_add_ps(s[r*2+c]); }
int main(){ W=aligned_alloc(64,N*K*4); A=aligned_alloc(64,M*K*4); C=aligned_alloc(64,M*N*4);
 for(int i=0;i<N*K;i++)W[i]=(i%7)*0.1f; for(int i=0;i<M*K;i++)A[i]=(i%5)*0.1f;
 for(int rep=0;rep<3;rep++){ int R=20000; double t0=now();
  for(int r=0;r<R;r++){ for(int j=0;j<N;j+=4){k4x4(0,j);} for(int j=0;j<N;j+=4){k4x4(4,j);} for(int j=0;j<N;j+=4){k4x4(6,j);} __asm__ volatile(""::"r"(C):"memory");}
  double t=now()-t0; printf("4x4 (3 passes, 12 rows): %.2f us %.1f GF/s(useful)\n", t/R*1e6, 2.0*M*N*K/(t/R)/1e9);
  t0=now(); for(int r=0;r<R;r++){ for(int j=0;j<N;j+=4){k5x4(0,j);k5x4(5,j);} __asm__ volatile(""::"r"(C):"memory");}
  t=now()-t0; printf("5x4: %.2f us %.1f GF/s\n", t/R*1e6, 2.0*M*N*K/(t/R)/1e9);
  t0=now(); for(int r=0;r<R;r++){ for(int j=0;j<N;j+=2){k10x2(j);} __asm__ volatile(""::"r"(C):"memory");}
  t=now()-t0; printf("10x2: %.2f us %.1f GF/s\n", t/R*1e6, 2.0*M*N*K/(t/R)/1e9);
 }}
