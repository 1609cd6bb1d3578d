/* C PSA drivers for the c_driver tests: portable C99 against psa_driver_c.h.
 *
 * - acme (transparent): SHA-256 hash_compute (SHA-384 is declared but declined), HMAC-SHA-256 mac_compute (FIPS 180-2, RFC 2104);
 *   anything else is PSA_ERROR_NOT_SUPPORTED.
 * - liar (transparent): a hash_compute that claims one byte more than its buffer.
 * - vault (opaque, location 0x800005): keeps HMAC keys in its own table; the key buffer the
 *   core stores holds only the slot number. import_key, export_key, destroy_key, mac_compute.
 */
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

/* ---- liar: reports more than it was given ---- */
psa_status_t liar_transparent_hash_compute(psa_algorithm_t alg, const uint8_t *input,
                                           size_t input_length, uint8_t *hash, size_t hash_size,
                                           size_t *hash_length) {
    (void)alg; (void)input; (void)input_length; (void)hash;
    *hash_length = hash_size + 1;
    return PSA_SUCCESS;
}

/* ---- vault: opaque, keys in its own table ---- */
#define VAULT_SLOTS 4
#define VAULT_KEY_MAX 128
static struct {
    int used;
    size_t length;
    uint8_t key[VAULT_KEY_MAX];
} vault[VAULT_SLOTS];

static int vault_slot(const uint8_t *key_buffer, size_t key_buffer_size) {
    if (key_buffer_size != 1 || key_buffer[0] >= VAULT_SLOTS || !vault[key_buffer[0]].used) return -1;
    return key_buffer[0];
}

psa_status_t vault_opaque_import_key(const psa_key_attributes_t *attributes, const uint8_t *data,
                                     size_t data_length, uint8_t *key_buffer,
                                     size_t key_buffer_size, size_t *key_buffer_length,
                                     size_t *bits) {
    int i;
    if (psa_get_key_type(attributes) != PSA_KEY_TYPE_HMAC) return PSA_ERROR_NOT_SUPPORTED;
    if (data_length == 0 || data_length > VAULT_KEY_MAX) return PSA_ERROR_INVALID_ARGUMENT;
    if (key_buffer_size < 1) return PSA_ERROR_BUFFER_TOO_SMALL;
    for (i = 0; i < VAULT_SLOTS; i++) {
        if (!vault[i].used) {
            vault[i].used = 1;
            vault[i].length = data_length;
            memcpy(vault[i].key, data, data_length);
            key_buffer[0] = (uint8_t)i;
            *key_buffer_length = 1;
            *bits = data_length * 8;
            return PSA_SUCCESS;
        }
    }
    return PSA_ERROR_INSUFFICIENT_MEMORY;
}

psa_status_t vault_opaque_export_key(const psa_key_attributes_t *attributes,
                                     const uint8_t *key_buffer, size_t key_buffer_size,
                                     uint8_t *data, size_t data_size, size_t *data_length) {
    int s = vault_slot(key_buffer, key_buffer_size);
    (void)attributes;
    if (s < 0) return PSA_ERROR_CORRUPTION_DETECTED;
    if (data_size < vault[s].length) return PSA_ERROR_BUFFER_TOO_SMALL;
    memcpy(data, vault[s].key, vault[s].length);
    *data_length = vault[s].length;
    return PSA_SUCCESS;
}

psa_status_t vault_opaque_destroy_key(const psa_key_attributes_t *attributes,
                                      const uint8_t *key_buffer, size_t key_buffer_size) {
    int s = vault_slot(key_buffer, key_buffer_size);
    (void)attributes;
    if (s < 0) return PSA_ERROR_CORRUPTION_DETECTED;
    memset(vault[s].key, 0, sizeof vault[s].key);
    vault[s].used = 0;
    vault[s].length = 0;
    return PSA_SUCCESS;
}

/* Named in vault.json's `names`. */
psa_status_t vault_mac(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
                       size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *input,
                       size_t input_length, uint8_t *mac, size_t mac_size, size_t *mac_length) {
    int s = vault_slot(key_buffer, key_buffer_size);
    (void)attributes;
    if (alg != PSA_ALG_HMAC(PSA_ALG_SHA_256)) return PSA_ERROR_NOT_SUPPORTED;
    if (s < 0) return PSA_ERROR_CORRUPTION_DETECTED;
    if (mac_size < 32) return PSA_ERROR_BUFFER_TOO_SMALL;
    hmac_sha256(vault[s].key, vault[s].length, input, input_length, mac);
    *mac_length = 32;
    return PSA_SUCCESS;
}

/* The number of keys the vault holds (the tests observe destroy through it). */
int vault_keys_held(void) {
    int i, n = 0;
    for (i = 0; i < VAULT_SLOTS; i++) n += vault[i].used;
    return n;
}
