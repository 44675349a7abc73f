// Compiled twice at prepare time (demos/toolchain/compile-c.ts): hello-static and hello-dynamic.
#include <stdio.h>

int main(int argc, char **argv) {
  (void)argc;
  printf("hello from %s\n", argv[0]);
  return 0;
}
