// The few CUDA runtime declarations a kernel and its launch need, for a
// compilation without the CUDA SDK (-nocudainc -nocudalib).
#include <stdlib.h>
#define __global__ __attribute__((global))
#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
typedef __SIZE_TYPE__ size_t;
struct dim3 {
  unsigned x, y, z;
  __host__ __device__ dim3(unsigned x = 1, unsigned y = 1, unsigned z = 1)
      : x(x), y(y), z(z) {}
};
struct uint3 { unsigned x, y, z; };
extern const __device__ uint3 threadIdx;
extern "C" unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                               size_t sharedMem = 0,
                                               void *stream = 0);
// What a kernel launch calls in device compilations of some Clang versions.
extern "C" int cudaConfigureCall(dim3 gridSize, dim3 blockSize,
                                 size_t sharedSize = 0, void *stream = 0);
