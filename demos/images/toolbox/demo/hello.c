#include <stdio.h>

int main(void) {
    printf("hello from a container\n");
    return 0;
}
