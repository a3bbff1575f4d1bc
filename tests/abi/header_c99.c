/* Compiled with -std=c99 -pedantic -Werror: the contract header stays plain C. */
#include <ferry/plugin.h>

int ferry_header_compiles_as_c99(void) { return (int)sizeof(ferry_host) + FERRY_ABI_MAJOR; }
