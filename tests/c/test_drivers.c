/* C PSA drivers for the c_driver tests: portable C99 against psa_driver_c.h.
 *
 * - acme (transparent): SHA-256 hash_compute and the hash multi-part family (clone too),
 *   HMAC-SHA-256 mac_compute and the MAC multi-part families
 *   mac_compute (FIPS 180-2, RFC 2104), AES-CTR cipher_encrypt / cipher_decrypt and the
 *   cipher multi-part families (FIPS-197, SP 800-38A), AES-GCM multi-part (SP 800-38D),
 *   HKDF-SHA-256 key derivation (RFC 5869); anything else is PSA_ERROR_NOT_SUPPORTED.
 * - liar (transparent): a hash_compute that claims one byte more than its buffer for
 *   SHA-512, and declines SHA-384 (which its JSON also declares).
 * - dice, braggart (transparent): get_random, NOT random (test arrangements): dice fills
 *   at most 16 bytes a call with a fixed pattern; braggart claims more than its buffer.
 * - vault (opaque, location 0x800005): keeps HMAC and AES keys in its own table; the key
 *   buffer the core stores holds only a one-byte reference (slot + 1, or 0x80 + n for
 *   built-in key n). allocate_key, import_key, generate_key (psa_generate_random),
 *   copy_key, get_builtin_key, export_key, destroy_key, mac_compute, cipher_encrypt /
 *   cipher_decrypt. The table is not locked: the tests that use it serialize.
 */
#include <stddef.h>
#include <string.h>
#include "psa_driver_c.h"

/* ---- SHA-256 (FIPS 180-2) ---- */
typedef struct {
    uint32_t h[8];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} sha256_ctx;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const uint8_t *p) {
    uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
    int i;
    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3];
    e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
    for (i = 0; i < 64; i++) {
        t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
        h = g; g = f; f = e; e = d + t1; d = cc; cc = b; b = a; a = t1 + t2;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
    c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

static void sha256_init(sha256_ctx *c) {
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, iv, sizeof iv);
    c->length = 0;
    c->used = 0;
}

static void sha256_update(sha256_ctx *c, const uint8_t *p, size_t n) {
    c->length += n;
    while (n > 0) {
        size_t take = 64 - c->used;
        if (take > n) take = n;
        memcpy(c->block + c->used, p, take);
        c->used += take; p += take; n -= take;
        if (c->used == 64) { sha256_block(c, c->block); c->used = 0; }
    }
}

static void sha256_finish(sha256_ctx *c, uint8_t out[32]) {
    uint64_t bits = c->length * 8;
    uint8_t pad = 0x80, zero = 0, len[8];
    int i;
    sha256_update(c, &pad, 1);
    while (c->used != 56) sha256_update(c, &zero, 1);
    for (i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(c, len, 8);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c->h[i] >> 24); out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c->h[i] >> 8); out[4 * i + 3] = (uint8_t)c->h[i];
    }
}

static void hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *in, size_t in_len,
                        uint8_t out[32]) {
    uint8_t k[64], pad[64], inner[32];
    sha256_ctx c;
    int i;
    memset(k, 0, sizeof k);
    if (key_len > 64) {
        sha256_init(&c); sha256_update(&c, key, key_len); sha256_finish(&c, k);
    } else {
        memcpy(k, key, key_len);
    }
    for (i = 0; i < 64; i++) pad[i] = k[i] ^ 0x36;
    sha256_init(&c); sha256_update(&c, pad, 64); sha256_update(&c, in, in_len); sha256_finish(&c, inner);
    for (i = 0; i < 64; i++) pad[i] = k[i] ^ 0x5c;
    sha256_init(&c); sha256_update(&c, pad, 64); sha256_update(&c, inner, 32); sha256_finish(&c, out);
}


/* ---- AES (FIPS-197), encryption only, and CTR (SP 800-38A) ---- */
typedef struct {
    uint8_t sbox[256];
    uint8_t rk[240];
    int rounds;
} aes_ctx;

static uint8_t xtime(uint8_t x) { return (uint8_t)((x << 1) ^ ((x & 0x80) ? 0x1b : 0)); }

static uint8_t gf_mul(uint8_t a, uint8_t b) {
    uint8_t r = 0;
    while (b) {
        if (b & 1) r ^= a;
        a = xtime(a);
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, int n) { return (uint8_t)((x << n) | (x >> (8 - n))); }

/* The S-box from its definition: the inverse in GF(2^8) (x^254), then the affine map. */
static void aes_sbox(uint8_t sbox[256]) {
    int x, i;
    for (x = 0; x < 256; x++) {
        uint8_t inv = 1, b = (uint8_t)x;
        for (i = 0; i < 254; i++) inv = gf_mul(inv, b);
        if (x == 0) inv = 0;
        sbox[x] = (uint8_t)(inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63);
    }
}

/* Key expansion; 0 for a key of 16, 24 or 32 bytes, -1 otherwise. */
static int aes_init(aes_ctx *c, const uint8_t *key, size_t key_len) {
    int nk, words, i;
    uint8_t rcon = 1;
    if (key_len != 16 && key_len != 24 && key_len != 32) return -1;
    aes_sbox(c->sbox);
    nk = (int)key_len / 4;
    c->rounds = nk + 6;
    words = 4 * (c->rounds + 1);
    memcpy(c->rk, key, key_len);
    for (i = nk; i < words; i++) {
        uint8_t t[4], u;
        memcpy(t, c->rk + 4 * (i - 1), 4);
        if (i % nk == 0) {
            u = t[0]; t[0] = t[1]; t[1] = t[2]; t[2] = t[3]; t[3] = u;
            t[0] = c->sbox[t[0]]; t[1] = c->sbox[t[1]]; t[2] = c->sbox[t[2]]; t[3] = c->sbox[t[3]];
            t[0] ^= rcon;
            rcon = xtime(rcon);
        } else if (nk > 6 && i % nk == 4) {
            t[0] = c->sbox[t[0]]; t[1] = c->sbox[t[1]]; t[2] = c->sbox[t[2]]; t[3] = c->sbox[t[3]];
        }
        c->rk[4 * i] = c->rk[4 * (i - nk)] ^ t[0];
        c->rk[4 * i + 1] = c->rk[4 * (i - nk) + 1] ^ t[1];
        c->rk[4 * i + 2] = c->rk[4 * (i - nk) + 2] ^ t[2];
        c->rk[4 * i + 3] = c->rk[4 * (i - nk) + 3] ^ t[3];
    }
    return 0;
}

/* One block; the state is column-major (byte r + 4c is row r, column c). */
static void aes_encrypt_block(const aes_ctx *c, const uint8_t in[16], uint8_t out[16]) {
    uint8_t s[16], t[16];
    int round, i, col;
    for (i = 0; i < 16; i++) s[i] = in[i] ^ c->rk[i];
    for (round = 1; round <= c->rounds; round++) {
        /* SubBytes and ShiftRows: row r moves left by r columns. */
        for (col = 0; col < 4; col++)
            for (i = 0; i < 4; i++) t[i + 4 * col] = c->sbox[s[i + 4 * ((col + i) % 4)]];
        if (round != c->rounds) {
            for (col = 0; col < 4; col++) {
                uint8_t *a = t + 4 * col, b[4];
                b[0] = (uint8_t)(xtime(a[0]) ^ xtime(a[1]) ^ a[1] ^ a[2] ^ a[3]);
                b[1] = (uint8_t)(a[0] ^ xtime(a[1]) ^ xtime(a[2]) ^ a[2] ^ a[3]);
                b[2] = (uint8_t)(a[0] ^ a[1] ^ xtime(a[2]) ^ xtime(a[3]) ^ a[3]);
                b[3] = (uint8_t)(xtime(a[0]) ^ a[0] ^ a[1] ^ a[2] ^ xtime(a[3]));
                memcpy(a, b, 4);
            }
        }
        for (i = 0; i < 16; i++) s[i] = t[i] ^ c->rk[16 * round + i];
    }
    memcpy(out, s, 16);
}

/* CTR: the 16-byte IV is the first counter block, incremented as one big-endian integer. */
static void aes_ctr(const aes_ctx *c, const uint8_t iv[16], const uint8_t *in, size_t n, uint8_t *out) {
    uint8_t counter[16], stream[16];
    size_t i;
    int j;
    memcpy(counter, iv, 16);
    for (i = 0; i < n; i++) {
        if (i % 16 == 0) {
            aes_encrypt_block(c, counter, stream);
            for (j = 15; j >= 0; j--)
                if (++counter[j] != 0) break;
        }
        out[i] = in[i] ^ stream[i % 16];
    }
}

/* cipher_encrypt / cipher_decrypt for AES-CTR on a raw key. */
static psa_status_t ctr_encrypt(psa_key_type_t type, const uint8_t *key, size_t key_len,
                                psa_algorithm_t alg, const uint8_t *iv, size_t iv_length,
                                const uint8_t *input, size_t input_length, uint8_t *output,
                                size_t output_size, size_t *output_length) {
    aes_ctx c;
    if (alg != PSA_ALG_CTR || type != PSA_KEY_TYPE_AES) return PSA_ERROR_NOT_SUPPORTED;
    if (aes_init(&c, key, key_len) != 0) return PSA_ERROR_NOT_SUPPORTED;
    if (iv_length != 16) return PSA_ERROR_INVALID_ARGUMENT;
    if (output_size < input_length) return PSA_ERROR_BUFFER_TOO_SMALL;
    aes_ctr(&c, iv, input, input_length, output);
    *output_length = input_length;
    memset(&c, 0, sizeof c);
    return PSA_SUCCESS;
}

static psa_status_t ctr_decrypt(psa_key_type_t type, const uint8_t *key, size_t key_len,
                                psa_algorithm_t alg, const uint8_t *input, size_t input_length,
                                uint8_t *output, size_t output_size, size_t *output_length) {
    if (alg != PSA_ALG_CTR || type != PSA_KEY_TYPE_AES) return PSA_ERROR_NOT_SUPPORTED;
    if (input_length < 16) return PSA_ERROR_INVALID_ARGUMENT;
    return ctr_encrypt(type, key, key_len, alg, input, 16, input + 16, input_length - 16, output,
                       output_size, output_length);
}

/* ---- acme: transparent ---- */
psa_status_t acme_transparent_hash_compute(psa_algorithm_t alg, const uint8_t *input,
                                           size_t input_length, uint8_t *hash, size_t hash_size,
                                           size_t *hash_length) {
    sha256_ctx c;
    if (alg != PSA_ALG_SHA_256) return PSA_ERROR_NOT_SUPPORTED;
    if (hash_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    sha256_init(&c);
    sha256_update(&c, input, input_length);
    sha256_finish(&c, hash);
    *hash_length = 32;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_mac_compute(const psa_key_attributes_t *attributes,
                                          const uint8_t *key_buffer, size_t key_buffer_size,
                                          psa_algorithm_t alg, const uint8_t *input,
                                          size_t input_length, uint8_t *mac, size_t mac_size,
                                          size_t *mac_length) {
    if (alg != PSA_ALG_HMAC(PSA_ALG_SHA_256) || psa_get_key_type(attributes) != PSA_KEY_TYPE_HMAC)
        return PSA_ERROR_NOT_SUPPORTED;
    if (mac_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    hmac_sha256(key_buffer, key_buffer_size, input, input_length, mac);
    *mac_length = 32;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_cipher_encrypt(const psa_key_attributes_t *attributes,
                                             const uint8_t *key_buffer, size_t key_buffer_size,
                                             psa_algorithm_t alg, const uint8_t *iv,
                                             size_t iv_length, const uint8_t *input,
                                             size_t input_length, uint8_t *output,
                                             size_t output_size, size_t *output_length) {
    return ctr_encrypt(psa_get_key_type(attributes), key_buffer, key_buffer_size, alg, iv,
                       iv_length, input, input_length, output, output_size, output_length);
}

psa_status_t acme_transparent_cipher_decrypt(const psa_key_attributes_t *attributes,
                                             const uint8_t *key_buffer, size_t key_buffer_size,
                                             psa_algorithm_t alg, const uint8_t *input,
                                             size_t input_length, uint8_t *output,
                                             size_t output_size, size_t *output_length) {
    return ctr_decrypt(psa_get_key_type(attributes), key_buffer, key_buffer_size, alg, input,
                       input_length, output, output_size, output_length);
}

/* Multi-part SHA-256 and HMAC-SHA-256: the contexts the core holds for acme, in the size
 * and alignment stated in tests/tests/c_driver.rs (`hash_context(size = 112, align = 8)`,
 * `mac_context(size = 176, align = 8)`); these fail to compile if the types outgrow them. */
typedef struct {
    sha256_ctx sha;
} acme_hash_operation_t;
PSA_DRIVER_CONTEXT_FITS(acme_hash_context_fits, acme_hash_operation_t, 112, 8);

typedef struct {
    sha256_ctx inner;
    uint8_t outer_pad[64];
} acme_mac_operation_t;
PSA_DRIVER_CONTEXT_FITS(acme_mac_context_fits, acme_mac_operation_t, 176, 8);

psa_status_t acme_transparent_hash_setup(acme_hash_operation_t *operation, psa_algorithm_t alg) {
    if (alg != PSA_ALG_SHA_256) return PSA_ERROR_NOT_SUPPORTED;
    sha256_init(&operation->sha);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_hash_update(acme_hash_operation_t *operation, const uint8_t *input,
                                          size_t input_length) {
    sha256_update(&operation->sha, input, input_length);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_hash_finish(acme_hash_operation_t *operation, uint8_t *hash,
                                          size_t hash_size, size_t *hash_length) {
    if (hash_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    sha256_finish(&operation->sha, hash);
    *hash_length = 32;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_hash_clone(const acme_hash_operation_t *source_operation,
                                         acme_hash_operation_t *target_operation) {
    *target_operation = *source_operation;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_hash_abort(acme_hash_operation_t *operation) {
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

static psa_status_t acme_mac_setup(acme_mac_operation_t *operation,
                                   const psa_key_attributes_t *attributes,
                                   const uint8_t *key_buffer, size_t key_buffer_size,
                                   psa_algorithm_t alg) {
    uint8_t k[64], pad[64];
    sha256_ctx c;
    int i;
    if (alg != PSA_ALG_HMAC(PSA_ALG_SHA_256) || psa_get_key_type(attributes) != PSA_KEY_TYPE_HMAC)
        return PSA_ERROR_NOT_SUPPORTED;
    memset(k, 0, sizeof k);
    if (key_buffer_size > 64) {
        sha256_init(&c); sha256_update(&c, key_buffer, key_buffer_size); sha256_finish(&c, k);
    } else {
        memcpy(k, key_buffer, key_buffer_size);
    }
    for (i = 0; i < 64; i++) pad[i] = k[i] ^ 0x36;
    sha256_init(&operation->inner);
    sha256_update(&operation->inner, pad, 64);
    for (i = 0; i < 64; i++) operation->outer_pad[i] = k[i] ^ 0x5c;
    memset(k, 0, sizeof k);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_mac_sign_setup(acme_mac_operation_t *operation,
                                             const psa_key_attributes_t *attributes,
                                             const uint8_t *key_buffer, size_t key_buffer_size,
                                             psa_algorithm_t alg) {
    return acme_mac_setup(operation, attributes, key_buffer, key_buffer_size, alg);
}

psa_status_t acme_transparent_mac_verify_setup(acme_mac_operation_t *operation,
                                               const psa_key_attributes_t *attributes,
                                               const uint8_t *key_buffer,
                                               size_t key_buffer_size, psa_algorithm_t alg) {
    return acme_mac_setup(operation, attributes, key_buffer, key_buffer_size, alg);
}

psa_status_t acme_transparent_mac_update(acme_mac_operation_t *operation, const uint8_t *input,
                                         size_t input_length) {
    sha256_update(&operation->inner, input, input_length);
    return PSA_SUCCESS;
}

static void acme_mac_finish(acme_mac_operation_t *operation, uint8_t mac[32]) {
    uint8_t inner[32];
    sha256_ctx c;
    sha256_finish(&operation->inner, inner);
    sha256_init(&c);
    sha256_update(&c, operation->outer_pad, 64);
    sha256_update(&c, inner, 32);
    sha256_finish(&c, mac);
}

psa_status_t acme_transparent_mac_sign_finish(acme_mac_operation_t *operation, uint8_t *mac,
                                              size_t mac_size, size_t *mac_length) {
    if (mac_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    acme_mac_finish(operation, mac);
    *mac_length = 32;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_mac_verify_finish(acme_mac_operation_t *operation,
                                                const uint8_t *mac, size_t mac_length) {
    uint8_t expected[32], diff = 0;
    size_t i;
    acme_mac_finish(operation, expected);
    if (mac_length != 32) return PSA_ERROR_INVALID_SIGNATURE;
    for (i = 0; i < 32; i++) diff |= (uint8_t)(expected[i] ^ mac[i]);
    return diff == 0 ? PSA_SUCCESS : PSA_ERROR_INVALID_SIGNATURE;
}

psa_status_t acme_transparent_mac_abort(acme_mac_operation_t *operation) {
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

/* Multi-part AES-CTR: the context the core holds for acme (`cipher_context(size = 560,
 * align = 8)` in tests/tests/c_driver.rs). The key stream continues across updates, so the
 * pieces may have any length. Encryption and decryption are the same operation. */
typedef struct {
    aes_ctx aes;
    uint8_t counter[16];
    uint8_t stream[16];
    size_t used; /* bytes of `stream` already used; 16 when a new block is needed */
    int iv_set;
} acme_cipher_operation_t;
PSA_DRIVER_CONTEXT_FITS(acme_cipher_context_fits, acme_cipher_operation_t, 560, 8);

static psa_status_t acme_cipher_setup(acme_cipher_operation_t *operation,
                                      const psa_key_attributes_t *attributes,
                                      const uint8_t *key_buffer, size_t key_buffer_size,
                                      psa_algorithm_t alg) {
    if (alg != PSA_ALG_CTR || psa_get_key_type(attributes) != PSA_KEY_TYPE_AES)
        return PSA_ERROR_NOT_SUPPORTED;
    if (aes_init(&operation->aes, key_buffer, key_buffer_size) != 0) return PSA_ERROR_NOT_SUPPORTED;
    operation->used = 16;
    operation->iv_set = 0;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_cipher_encrypt_setup(acme_cipher_operation_t *operation,
                                                   const psa_key_attributes_t *attributes,
                                                   const uint8_t *key_buffer,
                                                   size_t key_buffer_size, psa_algorithm_t alg) {
    return acme_cipher_setup(operation, attributes, key_buffer, key_buffer_size, alg);
}

psa_status_t acme_transparent_cipher_decrypt_setup(acme_cipher_operation_t *operation,
                                                   const psa_key_attributes_t *attributes,
                                                   const uint8_t *key_buffer,
                                                   size_t key_buffer_size, psa_algorithm_t alg) {
    return acme_cipher_setup(operation, attributes, key_buffer, key_buffer_size, alg);
}

psa_status_t acme_transparent_cipher_set_iv(acme_cipher_operation_t *operation, const uint8_t *iv,
                                            size_t iv_length) {
    if (operation->iv_set) return PSA_ERROR_BAD_STATE;
    if (iv_length != 16) return PSA_ERROR_INVALID_ARGUMENT;
    memcpy(operation->counter, iv, 16);
    operation->iv_set = 1;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_cipher_update(acme_cipher_operation_t *operation,
                                            const uint8_t *input, size_t input_length,
                                            uint8_t *output, size_t output_size,
                                            size_t *output_length) {
    size_t i;
    int j;
    if (!operation->iv_set) return PSA_ERROR_BAD_STATE;
    if (output_size < input_length) return PSA_ERROR_BUFFER_TOO_SMALL;
    for (i = 0; i < input_length; i++) {
        if (operation->used == 16) {
            aes_encrypt_block(&operation->aes, operation->counter, operation->stream);
            for (j = 15; j >= 0; j--)
                if (++operation->counter[j] != 0) break;
            operation->used = 0;
        }
        output[i] = input[i] ^ operation->stream[operation->used++];
    }
    *output_length = input_length;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_cipher_finish(acme_cipher_operation_t *operation, uint8_t *output,
                                            size_t output_size, size_t *output_length) {
    (void)output; (void)output_size;
    if (!operation->iv_set) return PSA_ERROR_BAD_STATE;
    *output_length = 0;
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_cipher_abort(acme_cipher_operation_t *operation) {
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

/* Multi-part AES-GCM (SP 800-38D; 12-byte nonces, 16-byte tags): the context the core holds
 * for acme (`aead_context(size = 704, align = 8)` in tests/tests/c_driver.rs). GHASH absorbs
 * the additional data, then the ciphertext, a byte at a time into a block buffer. */
typedef struct {
    aes_ctx aes;
    uint8_t h[16];       /* E(K, 0) */
    uint8_t y[16];       /* the GHASH accumulator */
    uint8_t j0[16];      /* nonce || 1 */
    uint8_t counter[16];
    uint8_t stream[16];
    uint8_t block[16];   /* GHASH input not yet absorbed */
    size_t used;         /* bytes of `stream` used; 16 when a new block is needed */
    size_t block_len;
    size_t ad_length, data_length;
    int nonce_set, in_data, encrypt;
} acme_aead_operation_t;
PSA_DRIVER_CONTEXT_FITS(acme_aead_context_fits, acme_aead_operation_t, 704, 8);

/* x = x * h in GF(2^128), GCM's bit order (SP 800-38D 6.3). */
static void gf128_mul(uint8_t x[16], const uint8_t h[16]) {
    uint8_t z[16] = {0}, v[16];
    int i, k, lsb;
    memcpy(v, h, 16);
    for (i = 0; i < 128; i++) {
        if (x[i / 8] & (0x80 >> (i % 8)))
            for (k = 0; k < 16; k++) z[k] ^= v[k];
        lsb = v[15] & 1;
        for (k = 15; k > 0; k--) v[k] = (uint8_t)((v[k] >> 1) | (v[k - 1] << 7));
        v[0] >>= 1;
        if (lsb) v[0] ^= 0xe1;
    }
    memcpy(x, z, 16);
}

static void ghash_byte(acme_aead_operation_t *op, uint8_t b) {
    int k;
    op->block[op->block_len++] = b;
    if (op->block_len == 16) {
        for (k = 0; k < 16; k++) op->y[k] ^= op->block[k];
        gf128_mul(op->y, op->h);
        op->block_len = 0;
    }
}

static void ghash_pad(acme_aead_operation_t *op) {
    while (op->block_len != 0) ghash_byte(op, 0);
}

static psa_status_t acme_aead_setup(acme_aead_operation_t *operation,
                                    const psa_key_attributes_t *attributes,
                                    const uint8_t *key_buffer, size_t key_buffer_size,
                                    psa_algorithm_t alg, int encrypt) {
    static const uint8_t zero[16] = {0};
    if (alg != PSA_ALG_GCM || psa_get_key_type(attributes) != PSA_KEY_TYPE_AES)
        return PSA_ERROR_NOT_SUPPORTED;
    if (aes_init(&operation->aes, key_buffer, key_buffer_size) != 0) return PSA_ERROR_NOT_SUPPORTED;
    aes_encrypt_block(&operation->aes, zero, operation->h);
    operation->used = 16;
    operation->encrypt = encrypt;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_encrypt_setup(acme_aead_operation_t *operation,
                                                 const psa_key_attributes_t *attributes,
                                                 const uint8_t *key_buffer,
                                                 size_t key_buffer_size, psa_algorithm_t alg) {
    return acme_aead_setup(operation, attributes, key_buffer, key_buffer_size, alg, 1);
}

psa_status_t acme_transparent_aead_decrypt_setup(acme_aead_operation_t *operation,
                                                 const psa_key_attributes_t *attributes,
                                                 const uint8_t *key_buffer,
                                                 size_t key_buffer_size, psa_algorithm_t alg) {
    return acme_aead_setup(operation, attributes, key_buffer, key_buffer_size, alg, 0);
}

psa_status_t acme_transparent_aead_set_nonce(acme_aead_operation_t *operation,
                                             const uint8_t *nonce, size_t nonce_length) {
    if (operation->nonce_set) return PSA_ERROR_BAD_STATE;
    if (nonce_length != 12) return PSA_ERROR_NOT_SUPPORTED;
    memcpy(operation->j0, nonce, 12);
    operation->j0[12] = 0; operation->j0[13] = 0; operation->j0[14] = 0; operation->j0[15] = 1;
    memcpy(operation->counter, operation->j0, 16);
    operation->nonce_set = 1;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_set_lengths(acme_aead_operation_t *operation,
                                               size_t ad_length, size_t plaintext_length) {
    (void)ad_length; (void)plaintext_length;
    if (!operation->nonce_set || operation->in_data) return PSA_ERROR_BAD_STATE;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_update_ad(acme_aead_operation_t *operation,
                                             const uint8_t *input, size_t input_length) {
    size_t i;
    if (!operation->nonce_set || operation->in_data) return PSA_ERROR_BAD_STATE;
    for (i = 0; i < input_length; i++) ghash_byte(operation, input[i]);
    operation->ad_length += input_length;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_update(acme_aead_operation_t *operation, const uint8_t *input,
                                          size_t input_length, uint8_t *output,
                                          size_t output_size, size_t *output_length) {
    size_t i;
    int j;
    if (!operation->nonce_set) return PSA_ERROR_BAD_STATE;
    if (output_size < input_length) return PSA_ERROR_BUFFER_TOO_SMALL;
    if (!operation->in_data) {
        ghash_pad(operation);
        operation->in_data = 1;
    }
    for (i = 0; i < input_length; i++) {
        uint8_t in = input[i], out;
        if (operation->used == 16) {
            /* inc32: only the last 32 bits count. */
            for (j = 15; j >= 12; j--)
                if (++operation->counter[j] != 0) break;
            aes_encrypt_block(&operation->aes, operation->counter, operation->stream);
            operation->used = 0;
        }
        out = (uint8_t)(in ^ operation->stream[operation->used++]);
        ghash_byte(operation, operation->encrypt ? out : in);
        output[i] = out;
    }
    operation->data_length += input_length;
    *output_length = input_length;
    return PSA_SUCCESS;
}

static void acme_aead_tag(acme_aead_operation_t *op, uint8_t tag[16]) {
    uint64_t bits[2];
    int i, k;
    ghash_pad(op);
    bits[0] = (uint64_t)op->ad_length * 8;
    bits[1] = (uint64_t)op->data_length * 8;
    for (k = 0; k < 2; k++)
        for (i = 7; i >= 0; i--) ghash_byte(op, (uint8_t)(bits[k] >> (8 * i)));
    aes_encrypt_block(&op->aes, op->j0, tag);
    for (i = 0; i < 16; i++) tag[i] ^= op->y[i];
}

psa_status_t acme_transparent_aead_finish(acme_aead_operation_t *operation, uint8_t *ciphertext,
                                          size_t ciphertext_size, size_t *ciphertext_length,
                                          uint8_t *tag, size_t tag_size, size_t *tag_length) {
    (void)ciphertext; (void)ciphertext_size;
    if (!operation->nonce_set || !operation->encrypt) return PSA_ERROR_BAD_STATE;
    if (tag_size < 16) return PSA_ERROR_BUFFER_TOO_SMALL;
    acme_aead_tag(operation, tag);
    *ciphertext_length = 0;
    *tag_length = 16;
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_verify(acme_aead_operation_t *operation, uint8_t *plaintext,
                                          size_t plaintext_size, size_t *plaintext_length,
                                          const uint8_t *tag, size_t tag_length) {
    uint8_t expected[16], diff = 0;
    int i;
    (void)plaintext; (void)plaintext_size;
    if (!operation->nonce_set || operation->encrypt) return PSA_ERROR_BAD_STATE;
    acme_aead_tag(operation, expected);
    memset(operation, 0, sizeof *operation);
    if (tag_length != 16) return PSA_ERROR_INVALID_SIGNATURE;
    for (i = 0; i < 16; i++) diff |= (uint8_t)(expected[i] ^ tag[i]);
    if (diff != 0) return PSA_ERROR_INVALID_SIGNATURE;
    *plaintext_length = 0;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_aead_abort(acme_aead_operation_t *operation) {
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}

/* ---- liar: reports more than it was given ---- */
psa_status_t liar_transparent_hash_compute(psa_algorithm_t alg, const uint8_t *input,
                                           size_t input_length, uint8_t *hash, size_t hash_size,
                                           size_t *hash_length) {
    (void)input; (void)input_length; (void)hash;
    if (alg != PSA_ALG_SHA_512) return PSA_ERROR_NOT_SUPPORTED;
    *hash_length = hash_size + 1;
    return PSA_SUCCESS;
}

/* ---- dice: a get_random that is NOT random (a test arrangement): at most 16 bytes a call,
 * 0x10, 0x11, ... from the start of each call's buffer ---- */
psa_status_t dice_transparent_get_random(uint8_t *output, size_t output_size,
                                         size_t *output_length) {
    size_t i, n = output_size < 16 ? output_size : 16;
    for (i = 0; i < n; i++) output[i] = (uint8_t)(0x10 + i);
    *output_length = n;
    return PSA_SUCCESS;
}

/* ---- braggart: a get_random that lies about its length ---- */
psa_status_t braggart_transparent_get_random(uint8_t *output, size_t output_size,
                                             size_t *output_length) {
    (void)output;
    /* 16 bytes or more: claims one more than the buffer; fewer: success with nothing. */
    *output_length = output_size >= 16 ? output_size + 1 : 0;
    return PSA_SUCCESS;
}

/* ---- vault: opaque, keys in its own table ---- */
#define VAULT_SLOTS 8
#define VAULT_KEY_MAX 160
#define VAULT_FREE 0
#define VAULT_RESERVED 1
#define VAULT_USED 2
#define VAULT_BUILTIN 0x80
static struct {
    int state;
    psa_key_type_t type;
    size_t length;
    uint8_t key[VAULT_KEY_MAX];
} vault[VAULT_SLOTS];

/* Built-in key 0 (slot number 0): an HMAC-SHA-256 key, RFC 4231 test case 1's. */
static const uint8_t vault_builtin_hmac[20] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                               0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                               0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};

/* The material a key buffer refers to; 0 if it refers to no key. */
static int vault_find(const uint8_t *key_buffer, size_t key_buffer_size, psa_key_type_t *type,
                      const uint8_t **key, size_t *length) {
    uint8_t r;
    if (key_buffer_size != 1) return 0;
    r = key_buffer[0];
    if (r == VAULT_BUILTIN) {
        *type = PSA_KEY_TYPE_HMAC;
        *key = vault_builtin_hmac;
        *length = sizeof vault_builtin_hmac;
        return 1;
    }
    if (r < 1 || r > VAULT_SLOTS || vault[r - 1].state != VAULT_USED) return 0;
    *type = vault[r - 1].type;
    *key = vault[r - 1].key;
    *length = vault[r - 1].length;
    return 1;
}

/* The slot a new key goes to: the one allocate_key reserved, else a free one; -1 if none. */
static int vault_take(const uint8_t *key_buffer, size_t key_buffer_size) {
    int i;
    if (key_buffer_size >= 1 && key_buffer[0] >= 1 && key_buffer[0] <= VAULT_SLOTS &&
        vault[key_buffer[0] - 1].state == VAULT_RESERVED)
        return key_buffer[0] - 1;
    for (i = 0; i < VAULT_SLOTS; i++)
        if (vault[i].state == VAULT_FREE) return i;
    return -1;
}

/* Key types and sizes the vault holds. */
static psa_status_t vault_check(psa_key_type_t type, size_t bytes) {
    if (type == PSA_KEY_TYPE_HMAC) return bytes >= 1 && bytes <= VAULT_KEY_MAX ? PSA_SUCCESS : PSA_ERROR_NOT_SUPPORTED;
    if (type == PSA_KEY_TYPE_AES)
        return bytes == 16 || bytes == 24 || bytes == 32 ? PSA_SUCCESS : PSA_ERROR_NOT_SUPPORTED;
    return PSA_ERROR_NOT_SUPPORTED;
}

static psa_status_t vault_store(int s, psa_key_type_t type, const uint8_t *data, size_t length,
                                uint8_t *key_buffer, size_t *key_buffer_length) {
    vault[s].state = VAULT_USED;
    vault[s].type = type;
    vault[s].length = length;
    memcpy(vault[s].key, data, length);
    key_buffer[0] = (uint8_t)(s + 1);
    *key_buffer_length = 1;
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_allocate_key(const psa_key_attributes_t *attributes,
                                       uint8_t *key_buffer, size_t key_buffer_size) {
    int s;
    psa_key_type_t type = psa_get_key_type(attributes);
    if (type != PSA_KEY_TYPE_HMAC && type != PSA_KEY_TYPE_AES) return PSA_ERROR_NOT_SUPPORTED;
    if (key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    s = vault_take(NULL, 0);
    if (s < 0) return PSA_ERROR_INSUFFICIENT_MEMORY;
    vault[s].state = VAULT_RESERVED;
    key_buffer[0] = (uint8_t)(s + 1);
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_import_key(const psa_key_attributes_t *attributes, const uint8_t *data,
                                     size_t data_length, uint8_t *key_buffer,
                                     size_t key_buffer_size, size_t *key_buffer_length,
                                     size_t *bits) {
    int s;
    psa_key_type_t type = psa_get_key_type(attributes);
    psa_status_t st = vault_check(type, data_length);
    if (st != PSA_SUCCESS) return type == PSA_KEY_TYPE_AES ? PSA_ERROR_INVALID_ARGUMENT : st;
    if (key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    s = vault_take(key_buffer, key_buffer_size);
    if (s < 0) return PSA_ERROR_INSUFFICIENT_MEMORY;
    *bits = data_length * 8;
    return vault_store(s, type, data, data_length, key_buffer, key_buffer_length);
}

psa_status_t vault_opaque_generate_key(const psa_key_attributes_t *attributes,
                                       uint8_t *key_buffer, size_t key_buffer_size,
                                       size_t *key_buffer_length) {
    int s;
    uint8_t material[VAULT_KEY_MAX];
    psa_status_t st;
    psa_key_type_t type = psa_get_key_type(attributes);
    size_t bits = psa_get_key_bits(attributes);
    if (bits % 8 != 0) return PSA_ERROR_NOT_SUPPORTED;
    st = vault_check(type, bits / 8);
    if (st != PSA_SUCCESS) return st;
    if (key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    s = vault_take(key_buffer, key_buffer_size);
    if (s < 0) return PSA_ERROR_INSUFFICIENT_MEMORY;
    st = psa_generate_random(material, bits / 8);
    if (st != PSA_SUCCESS) return st;
    st = vault_store(s, type, material, bits / 8, key_buffer, key_buffer_length);
    memset(material, 0, sizeof material);
    return st;
}

psa_status_t vault_opaque_copy_key(const psa_key_attributes_t *attributes,
                                   const uint8_t *source_key, size_t source_key_length,
                                   uint8_t *target_key_buffer, size_t target_key_buffer_size,
                                   size_t *target_key_buffer_length) {
    int s;
    psa_key_type_t type;
    const uint8_t *key;
    size_t length;
    (void)attributes;
    if (!vault_find(source_key, source_key_length, &type, &key, &length))
        return PSA_ERROR_CORRUPTION_DETECTED;
    if (target_key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    s = vault_take(NULL, 0);
    if (s < 0) return PSA_ERROR_INSUFFICIENT_MEMORY;
    return vault_store(s, type, key, length, target_key_buffer, target_key_buffer_length);
}

psa_status_t vault_opaque_get_builtin_key(psa_drv_slot_number_t slot_number,
                                          psa_key_attributes_t *attributes, uint8_t *key_buffer,
                                          size_t key_buffer_size, size_t *key_buffer_length) {
    if (slot_number != 0) return PSA_ERROR_DOES_NOT_EXIST;
    if (key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    psa_set_key_type(attributes, PSA_KEY_TYPE_HMAC);
    psa_set_key_bits(attributes, 8 * sizeof vault_builtin_hmac);
    psa_set_key_algorithm(attributes, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(attributes, PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE);
    key_buffer[0] = VAULT_BUILTIN;
    *key_buffer_length = 1;
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_export_key(const psa_key_attributes_t *attributes,
                                     const uint8_t *key_buffer, size_t key_buffer_size,
                                     uint8_t *data, size_t data_size, size_t *data_length) {
    psa_key_type_t type;
    const uint8_t *key;
    size_t length;
    (void)attributes;
    if (!vault_find(key_buffer, key_buffer_size, &type, &key, &length))
        return PSA_ERROR_CORRUPTION_DETECTED;
    if (data_size < length) return PSA_ERROR_BUFFER_TOO_SMALL;
    memcpy(data, key, length);
    *data_length = length;
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_destroy_key(const psa_key_attributes_t *attributes,
                                      const uint8_t *key_buffer, size_t key_buffer_size) {
    uint8_t r;
    (void)attributes;
    /* After a failed creation the core releases a reservation with the whole buffer
     * allocate_key was given (its prototype returns no length); its first byte is ours. */
    if (key_buffer_size < 1) return PSA_ERROR_CORRUPTION_DETECTED;
    r = key_buffer[0];
    /* A built-in key stays (the core releases it when it leaves its cache). */
    if (r == VAULT_BUILTIN) return PSA_SUCCESS;
    if (r < 1 || r > VAULT_SLOTS || vault[r - 1].state == VAULT_FREE)
        return PSA_ERROR_CORRUPTION_DETECTED;
    memset(vault[r - 1].key, 0, sizeof vault[r - 1].key);
    vault[r - 1].state = VAULT_FREE;
    vault[r - 1].length = 0;
    return PSA_SUCCESS;
}

/* Named in vault.json's `names`. */
psa_status_t vault_mac(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
                       size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *input,
                       size_t input_length, uint8_t *mac, size_t mac_size, size_t *mac_length) {
    psa_key_type_t type;
    const uint8_t *key;
    size_t length;
    (void)attributes;
    if (alg != PSA_ALG_HMAC(PSA_ALG_SHA_256)) return PSA_ERROR_NOT_SUPPORTED;
    if (!vault_find(key_buffer, key_buffer_size, &type, &key, &length))
        return PSA_ERROR_CORRUPTION_DETECTED;
    if (type != PSA_KEY_TYPE_HMAC) return PSA_ERROR_NOT_SUPPORTED;
    if (mac_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    hmac_sha256(key, length, input, input_length, mac);
    *mac_length = 32;
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_cipher_encrypt(const psa_key_attributes_t *attributes,
                                         const uint8_t *key_buffer, size_t key_buffer_size,
                                         psa_algorithm_t alg, const uint8_t *iv, size_t iv_length,
                                         const uint8_t *input, size_t input_length,
                                         uint8_t *output, size_t output_size,
                                         size_t *output_length) {
    psa_key_type_t type;
    const uint8_t *key;
    size_t length;
    (void)attributes;
    if (!vault_find(key_buffer, key_buffer_size, &type, &key, &length))
        return PSA_ERROR_CORRUPTION_DETECTED;
    return ctr_encrypt(type, key, length, alg, iv, iv_length, input, input_length, output,
                       output_size, output_length);
}

psa_status_t vault_opaque_cipher_decrypt(const psa_key_attributes_t *attributes,
                                         const uint8_t *key_buffer, size_t key_buffer_size,
                                         psa_algorithm_t alg, const uint8_t *input,
                                         size_t input_length, uint8_t *output,
                                         size_t output_size, size_t *output_length) {
    psa_key_type_t type;
    const uint8_t *key;
    size_t length;
    (void)attributes;
    if (!vault_find(key_buffer, key_buffer_size, &type, &key, &length))
        return PSA_ERROR_CORRUPTION_DETECTED;
    return ctr_decrypt(type, key, length, alg, input, input_length, output, output_size,
                       output_length);
}

/* The number of keys the vault holds or has reserved (the tests observe destroy through it). */
int vault_keys_held(void) {
    int i, n = 0;
    for (i = 0; i < VAULT_SLOTS; i++) n += vault[i].state != VAULT_FREE;
    return n;
}

/* ---- acme: HKDF-SHA-256 (RFC 5869) key derivation ----
 * Inputs in the PSA order: SALT (optional, at most once), SECRET, INFO (at most
 * ACME_HKDF_INFO_MAX bytes); then the output stream T(1) | T(2) | ... in any pieces (the
 * core keeps the capacity, 255 * 32 bytes). The context is the one the core holds for acme
 * (`key_derivation_context(size = 368, align = 8)` in tests/tests/c_driver.rs). */
#define ACME_HKDF_INFO_MAX 192
typedef struct {
    psa_algorithm_t alg;
    uint32_t state; /* 0: salt or secret next; 1: salt given; 2: secret given; 3: info given */
    uint8_t salt[64];    /* the HMAC key of the extract: the salt, or its hash if longer */
    size_t salt_length;
    uint8_t prk[32];
    uint8_t info[ACME_HKDF_INFO_MAX];
    size_t info_length;
    uint8_t block[32];   /* T(counter) */
    size_t used;         /* bytes of `block` already output */
    uint32_t counter;
} acme_kdf_operation_t;
PSA_DRIVER_CONTEXT_FITS(acme_kdf_context_fits, acme_kdf_operation_t, 368, 8);

psa_status_t acme_transparent_key_derivation_setup(acme_kdf_operation_t *operation,
                                                   psa_algorithm_t alg) {
    if (alg != PSA_ALG_HKDF(PSA_ALG_SHA_256)) return PSA_ERROR_NOT_SUPPORTED;
    operation->alg = alg;
    operation->state = 0;
    operation->salt_length = 0;
    operation->info_length = 0;
    operation->used = 32;
    operation->counter = 0;
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_key_derivation_input_bytes(acme_kdf_operation_t *operation,
                                                         psa_key_derivation_step_t step,
                                                         const uint8_t *data,
                                                         size_t data_length) {
    sha256_ctx c;
    if (operation->alg != PSA_ALG_HKDF(PSA_ALG_SHA_256)) return PSA_ERROR_BAD_STATE;
    switch (step) {
    case PSA_KEY_DERIVATION_INPUT_SALT:
        if (operation->state != 0) return PSA_ERROR_BAD_STATE;
        if (data_length > 64) {
            sha256_init(&c); sha256_update(&c, data, data_length); sha256_finish(&c, operation->salt);
            operation->salt_length = 32;
        } else {
            if (data_length > 0) memcpy(operation->salt, data, data_length);
            operation->salt_length = data_length;
        }
        operation->state = 1;
        return PSA_SUCCESS;
    case PSA_KEY_DERIVATION_INPUT_SECRET:
        if (operation->state > 1) return PSA_ERROR_BAD_STATE;
        /* An absent salt is HashLen zeros, which as an HMAC key equals the empty key. */
        hmac_sha256(operation->salt, operation->salt_length, data, data_length, operation->prk);
        memset(operation->salt, 0, sizeof operation->salt);
        operation->state = 2;
        return PSA_SUCCESS;
    case PSA_KEY_DERIVATION_INPUT_INFO:
        if (operation->state != 2) return PSA_ERROR_BAD_STATE;
        if (data_length > ACME_HKDF_INFO_MAX) return PSA_ERROR_NOT_SUPPORTED;
        if (data_length > 0) memcpy(operation->info, data, data_length);
        operation->info_length = data_length;
        operation->state = 3;
        return PSA_SUCCESS;
    default:
        return PSA_ERROR_INVALID_ARGUMENT;
    }
}

psa_status_t acme_transparent_key_derivation_output_bytes(acme_kdf_operation_t *operation,
                                                          uint8_t *output,
                                                          size_t output_length) {
    uint8_t msg[32 + ACME_HKDF_INFO_MAX + 1];
    size_t i, n;
    if (operation->state != 3) return PSA_ERROR_BAD_STATE;
    for (i = 0; i < output_length; i++) {
        if (operation->used == 32) {
            /* T(n) = HMAC(PRK, T(n-1) | info | n), T(0) empty. */
            if (operation->counter == 255) return PSA_ERROR_INSUFFICIENT_DATA;
            n = 0;
            if (operation->counter > 0) { memcpy(msg, operation->block, 32); n = 32; }
            if (operation->info_length > 0) memcpy(msg + n, operation->info, operation->info_length);
            n += operation->info_length;
            msg[n++] = (uint8_t)++operation->counter;
            hmac_sha256(operation->prk, 32, msg, n, operation->block);
            operation->used = 0;
        }
        output[i] = operation->block[operation->used++];
    }
    memset(msg, 0, sizeof msg);
    return PSA_SUCCESS;
}

psa_status_t acme_transparent_key_derivation_abort(acme_kdf_operation_t *operation) {
    memset(operation, 0, sizeof *operation);
    return PSA_SUCCESS;
}
