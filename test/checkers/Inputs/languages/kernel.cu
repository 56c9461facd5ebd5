// CUDA: host code is checked; a kernel launch is not a blocking call.
#include <soci/soci.h>
#include <unistd.h>

__global__ void scale(float *x, float a) { x[threadIdx.x] *= a; }

void hostSide(soci::connection_pool &pool, float *x) {
  soci::session sql(pool);
  scale<<<1, 32>>>(x, 2.0f);
  sleep(1);
}
