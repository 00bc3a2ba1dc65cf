// One 784-100-10 layer-1 product for one example (100 x 784 weights, 313 KB, read from L2), in C: on one core
// and split by rows over two cores with spinning synchronisation. The floor for `bench --config infer1`.
// gcc -O2 -mavx512f -mfma -pthread matvec_l2.c -o matvec_l2 && ./matvec_l2   (this VM: ~2.8 us on 1 core, 1.5-1.7 us on 2)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
float *w; float x[784] __attribute__((aligned(64))); float z[128];
_Atomic long go=0, done=0; 
static void part(int j0,int j1){ for(int j=j0;j<j1;j+=4){ __m512 s0=_mm512_setzero_ps(),s1=s0,s2=s0,s3=s0; float*b=w+j*784;
     for(int q=0;q<784;q+=16){ __m512 y=_mm512_load_ps(x+q); s0=_mm512_fmadd_ps(y,_mm512_load_ps(b+q),s0);s1=_mm512_fmadd_ps(y,_mm512_load_ps(b+784+q),s1);s2=_mm512_fmadd_ps(y,_mm512_load_ps(b+1568+q),s2);s3=_mm512_fmadd_ps(y,_mm512_load_ps(b+2352+q),s3);}
     z[j]=_mm512_reduce_add_ps(s0);z[j+1]=_mm512_reduce_add_ps(s1);z[j+2]=_mm512_reduce_add_ps(s2);z[j+3]=_mm512_reduce_add_ps(s3);} }
void* worker(void*_){ long seen=0; for(;;){ long g; while((g=atomic_load_explicit(&go,memory_order_acquire))==seen) __builtin_ia32_pause(); seen=g; if(g<0) return 0; part(52,100); atomic_store_explicit(&done,g,memory_order_release);} }
int main(){ int n=78400; w=aligned_alloc(64,n*4); for(int i=0;i<n;i++)w[i]=i*1e-6f; for(int i=0;i<784;i++)x[i]=1;
 pthread_t t; pthread_create(&t,0,worker,0);
 for(int rep=0;rep<5;rep++){ int R=200000; double t0=now();
  for(long r=1;r<=R;r++){ long g=rep*1000000L+r; atomic_store_explicit(&go,g,memory_order_release); part(0,52); while(atomic_load_explicit(&done,memory_order_acquire)!=g) __builtin_ia32_pause(); }
  double tt=now()-t0; printf("2-thread matvec: %.3f us\n", tt/R*1e6);
  t0=now(); for(int r=0;r<R/4;r++){ part(0,100); __asm__ volatile(""::"r"(z):"memory");} tt=now()-t0; printf("1-thread matvec: %.3f us\n", tt/(R/4)*1e6);
 }}
