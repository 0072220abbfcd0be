/*
 * sha256.c: SHA-256 through OpenSSL's EVP interface, for the output
 * manifest.  EVP picks the fastest implementation the CPU offers.
 */
#include "runtime.h"

#include <openssl/evp.h>

void sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	/* EVP allocates a context for each digest: failing, it ran out of
	 * memory. */
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		out_of_memory();
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = 0;
}
