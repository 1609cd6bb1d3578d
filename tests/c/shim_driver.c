/* A C transparent driver whose arithmetic is the test harness's: a TEST ARRANGEMENT, not a
 * pattern for real drivers. Its sign_hash, verify_hash, sign_message, verify_message,
 * key_agreement, aead_encrypt / aead_decrypt and asymmetric_encrypt / asymmetric_decrypt
 * entry points have the driver interface's C signatures and forward their arguments
 * unchanged to `test_shim_*` functions that the c_driver test binary defines in Rust over
 * psa-core's built-in (ECDSA P-256, ECDH, AES-GCM) and the `rsa` crate (RSAES-OAEP), so the
 * tests check c_driver!'s C calling conventions for these entry points with real crypto
 * without a bignum library in C. The randomized ECDSA and OAEP draw their nonce and seed
 * through psa_generate_random, from the core's source. What the driver serves (shim.json's
 * capabilities) it checks itself, as a driver must: anything else is NOT_SUPPORTED. */
#include "psa_driver_c.h"

#define P256_PAIR PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define P256_PUBLIC PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

static int shim_signs(const psa_key_attributes_t *attributes, psa_algorithm_t alg) {
    psa_key_type_t type = psa_get_key_type(attributes);
    return (type == P256_PAIR || type == P256_PUBLIC) && psa_get_key_bits(attributes) == 256 &&
           (alg == PSA_ALG_ECDSA(PSA_ALG_SHA_256) || alg == PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256));
}

psa_status_t test_shim_sign(int message, const psa_key_attributes_t *attributes,
                            const uint8_t *key_buffer, size_t key_buffer_size, psa_algorithm_t alg,
                            const uint8_t *input, size_t input_length, uint8_t *signature,
                            size_t signature_size, size_t *signature_length);
psa_status_t test_shim_verify(int message, const psa_key_attributes_t *attributes,
                              const uint8_t *key_buffer, size_t key_buffer_size,
                              psa_algorithm_t alg, const uint8_t *input, size_t input_length,
                              const uint8_t *signature, size_t signature_length);
psa_status_t test_shim_key_agreement(const psa_key_attributes_t *attributes,
                                     const uint8_t *key_buffer, size_t key_buffer_size,
                                     psa_algorithm_t alg, const uint8_t *peer_key,
                                     size_t peer_key_length, uint8_t *shared_secret,
                                     size_t shared_secret_size, size_t *shared_secret_length);
psa_status_t test_shim_aead(int encrypt, const psa_key_attributes_t *attributes,
                            const uint8_t *key_buffer, size_t key_buffer_size, psa_algorithm_t alg,
                            const uint8_t *nonce, size_t nonce_length,
                            const uint8_t *additional_data, size_t additional_data_length,
                            const uint8_t *input, size_t input_length, uint8_t *output,
                            size_t output_size, size_t *output_length);

psa_status_t shim_transparent_sign_hash(const psa_key_attributes_t *attributes,
                                        const uint8_t *key_buffer, size_t key_buffer_size,
                                        psa_algorithm_t alg, const uint8_t *hash,
                                        size_t hash_length, uint8_t *signature,
                                        size_t signature_size, size_t *signature_length) {
    if (!shim_signs(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_sign(0, attributes, key_buffer, key_buffer_size, alg, hash, hash_length,
                          signature, signature_size, signature_length);
}

psa_status_t shim_transparent_verify_hash(const psa_key_attributes_t *attributes,
                                          const uint8_t *key_buffer, size_t key_buffer_size,
                                          psa_algorithm_t alg, const uint8_t *hash,
                                          size_t hash_length, const uint8_t *signature,
                                          size_t signature_length) {
    if (!shim_signs(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_verify(0, attributes, key_buffer, key_buffer_size, alg, hash, hash_length,
                            signature, signature_length);
}

psa_status_t shim_transparent_sign_message(const psa_key_attributes_t *attributes,
                                           const uint8_t *key_buffer, size_t key_buffer_size,
                                           psa_algorithm_t alg, const uint8_t *input,
                                           size_t input_length, uint8_t *signature,
                                           size_t signature_size, size_t *signature_length) {
    if (!shim_signs(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_sign(1, attributes, key_buffer, key_buffer_size, alg, input, input_length,
                          signature, signature_size, signature_length);
}

psa_status_t shim_transparent_verify_message(const psa_key_attributes_t *attributes,
                                             const uint8_t *key_buffer, size_t key_buffer_size,
                                             psa_algorithm_t alg, const uint8_t *input,
                                             size_t input_length, const uint8_t *signature,
                                             size_t signature_length) {
    if (!shim_signs(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_verify(1, attributes, key_buffer, key_buffer_size, alg, input, input_length,
                            signature, signature_length);
}

psa_status_t shim_transparent_key_agreement(const psa_key_attributes_t *attributes,
                                            const uint8_t *key_buffer, size_t key_buffer_size,
                                            psa_algorithm_t alg, const uint8_t *peer_key,
                                            size_t peer_key_length, uint8_t *shared_secret,
                                            size_t shared_secret_size,
                                            size_t *shared_secret_length) {
    if (psa_get_key_type(attributes) != P256_PAIR || psa_get_key_bits(attributes) != 256 || alg != PSA_ALG_ECDH)
        return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_key_agreement(attributes, key_buffer, key_buffer_size, alg, peer_key,
                                   peer_key_length, shared_secret, shared_secret_size,
                                   shared_secret_length);
}

psa_status_t shim_transparent_aead_encrypt(const psa_key_attributes_t *attributes,
                                           const uint8_t *key_buffer, size_t key_buffer_size,
                                           psa_algorithm_t alg, const uint8_t *nonce,
                                           size_t nonce_length, const uint8_t *additional_data,
                                           size_t additional_data_length,
                                           const uint8_t *plaintext, size_t plaintext_length,
                                           uint8_t *ciphertext, size_t ciphertext_size,
                                           size_t *ciphertext_length) {
    if (psa_get_key_type(attributes) != PSA_KEY_TYPE_AES || alg != PSA_ALG_GCM) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_aead(1, attributes, key_buffer, key_buffer_size, alg, nonce, nonce_length,
                          additional_data, additional_data_length, plaintext, plaintext_length,
                          ciphertext, ciphertext_size, ciphertext_length);
}

psa_status_t shim_transparent_aead_decrypt(const psa_key_attributes_t *attributes,
                                           const uint8_t *key_buffer, size_t key_buffer_size,
                                           psa_algorithm_t alg, const uint8_t *nonce,
                                           size_t nonce_length, const uint8_t *additional_data,
                                           size_t additional_data_length,
                                           const uint8_t *ciphertext, size_t ciphertext_length,
                                           uint8_t *plaintext, size_t plaintext_size,
                                           size_t *plaintext_length) {
    if (psa_get_key_type(attributes) != PSA_KEY_TYPE_AES || alg != PSA_ALG_GCM) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_aead(0, attributes, key_buffer, key_buffer_size, alg, nonce, nonce_length,
                          additional_data, additional_data_length, ciphertext, ciphertext_length,
                          plaintext, plaintext_size, plaintext_length);
}

psa_status_t test_shim_asymmetric(int encrypt, const psa_key_attributes_t *attributes,
                                  const uint8_t *key_buffer, size_t key_buffer_size,
                                  psa_algorithm_t alg, const uint8_t *input, size_t input_length,
                                  const uint8_t *salt, size_t salt_length, uint8_t *output,
                                  size_t output_size, size_t *output_length);

/* RSAES-OAEP with SHA-256 on RSA keys (the key buffer is the export format: DER
 * RSAPrivateKey or RSAPublicKey); the OAEP seed is drawn through psa_generate_random. */
static int shim_encrypts(const psa_key_attributes_t *attributes, psa_algorithm_t alg) {
    psa_key_type_t type = psa_get_key_type(attributes);
    return (type == PSA_KEY_TYPE_RSA_KEY_PAIR || type == PSA_KEY_TYPE_RSA_PUBLIC_KEY) &&
           alg == PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256);
}

psa_status_t shim_transparent_asymmetric_encrypt(const psa_key_attributes_t *attributes,
                                                 const uint8_t *key_buffer,
                                                 size_t key_buffer_size, psa_algorithm_t alg,
                                                 const uint8_t *input, size_t input_length,
                                                 const uint8_t *salt, size_t salt_length,
                                                 uint8_t *output, size_t output_size,
                                                 size_t *output_length) {
    if (!shim_encrypts(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    return test_shim_asymmetric(1, attributes, key_buffer, key_buffer_size, alg, input,
                                input_length, salt, salt_length, output, output_size,
                                output_length);
}

psa_status_t shim_transparent_asymmetric_decrypt(const psa_key_attributes_t *attributes,
                                                 const uint8_t *key_buffer,
                                                 size_t key_buffer_size, psa_algorithm_t alg,
                                                 const uint8_t *input, size_t input_length,
                                                 const uint8_t *salt, size_t salt_length,
                                                 uint8_t *output, size_t output_size,
                                                 size_t *output_length) {
    if (!shim_encrypts(attributes, alg)) return PSA_ERROR_NOT_SUPPORTED;
    if (psa_get_key_type(attributes) != PSA_KEY_TYPE_RSA_KEY_PAIR) return PSA_ERROR_INVALID_ARGUMENT;
    return test_shim_asymmetric(0, attributes, key_buffer, key_buffer_size, alg, input,
                                input_length, salt, salt_length, output, output_size,
                                output_length);
}

/* PAKE: SPAKE2+ (P-256, SHA-256) whose exchange is the test harness's (tests/support/
 * spake2p.rs, checked against RFC 9383 Appendix C). The C entry points take the driver
 * interface's arguments, read what pake_setup receives through the
 * psa_crypto_driver_pake_get_* and psa_pake_cs_get_* accessors, and forward plain values to
 * `test_shim_pake_*`, which keep the exchange in a table; the C context the core holds is
 * the table handle (`pake_context(size = 8, align = 4)` in tests/tests/c_driver.rs). */
typedef struct {
    uint32_t handle; /* 0: none */
    uint32_t reserved;
} shim_pake_operation_t;
PSA_DRIVER_CONTEXT_FITS(shim_pake_context_fits, shim_pake_operation_t, 8, 4);

#define SHIM_PAKE_INPUT_MAX 128
#define SPAKE2P_PAIR PSA_KEY_TYPE_SPAKE2P_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define SPAKE2P_PUBLIC PSA_KEY_TYPE_SPAKE2P_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

psa_status_t test_shim_pake_setup(const psa_key_attributes_t *attributes,
                                  const uint8_t *key_buffer, size_t key_buffer_size,
                                  psa_algorithm_t alg, psa_pake_primitive_t primitive,
                                  uint32_t key_confirmation, psa_pake_role_t role,
                                  const uint8_t *user, size_t user_length, const uint8_t *peer,
                                  size_t peer_length, const uint8_t *context,
                                  size_t context_length, uint32_t *handle);
psa_status_t test_shim_pake_output(uint32_t handle, psa_pake_step_t step, uint8_t *output,
                                   size_t output_size, size_t *output_length);
psa_status_t test_shim_pake_input(uint32_t handle, psa_pake_step_t step, const uint8_t *input,
                                  size_t input_length);
psa_status_t test_shim_pake_get_shared_key(uint32_t handle, uint8_t *output,
                                           size_t output_size, size_t *output_length);
psa_status_t test_shim_pake_abort(uint32_t handle);

/* One of the inputs through its _len and copying getters. */
typedef psa_status_t (*shim_len_fn)(const psa_crypto_driver_pake_inputs_t *, size_t *);
typedef psa_status_t (*shim_get_fn)(const psa_crypto_driver_pake_inputs_t *, uint8_t *, size_t,
                                    size_t *);
static psa_status_t shim_pake_read(const psa_crypto_driver_pake_inputs_t *inputs, shim_len_fn len,
                                   shim_get_fn get, uint8_t buffer[SHIM_PAKE_INPUT_MAX],
                                   size_t *length) {
    size_t n = 0;
    psa_status_t st = len(inputs, &n);
    if (st != PSA_SUCCESS) return st;
    if (n > SHIM_PAKE_INPUT_MAX) return PSA_ERROR_NOT_SUPPORTED;
    st = get(inputs, buffer, SHIM_PAKE_INPUT_MAX, length);
    if (st != PSA_SUCCESS) return st;
    return *length == n ? PSA_SUCCESS : PSA_ERROR_CORRUPTION_DETECTED;
}

psa_status_t shim_transparent_pake_setup(shim_pake_operation_t *operation,
                                         const psa_key_attributes_t *attributes,
                                         const uint8_t *key_buffer, size_t key_buffer_size,
                                         psa_algorithm_t alg,
                                         const psa_crypto_driver_pake_inputs_t *inputs) {
    const psa_pake_cipher_suite_t *suite = psa_crypto_driver_pake_get_cipher_suite(inputs);
    uint8_t user[SHIM_PAKE_INPUT_MAX], peer[SHIM_PAKE_INPUT_MAX], context[SHIM_PAKE_INPUT_MAX];
    size_t user_length, peer_length, context_length;
    psa_key_type_t type = psa_get_key_type(attributes);
    psa_pake_primitive_t primitive = psa_pake_cs_get_primitive(suite);
    psa_status_t st;
    if (alg != PSA_ALG_SPAKE2P_MATTER && alg != PSA_ALG_SPAKE2P_HMAC(PSA_ALG_SHA_256))
        return PSA_ERROR_NOT_SUPPORTED;
    if ((type != SPAKE2P_PAIR && type != SPAKE2P_PUBLIC) || psa_get_key_bits(attributes) != 256)
        return PSA_ERROR_NOT_SUPPORTED;
    if (primitive != PSA_PAKE_PRIMITIVE(PSA_PAKE_PRIMITIVE_TYPE_ECC, PSA_ECC_FAMILY_SECP_R1, 256) ||
        PSA_PAKE_PRIMITIVE_GET_BITS(primitive) != 256)
        return PSA_ERROR_NOT_SUPPORTED;
    if (psa_pake_cs_get_algorithm(suite) != alg) return PSA_ERROR_INVALID_ARGUMENT;
    st = shim_pake_read(inputs, psa_crypto_driver_pake_get_user_len,
                        psa_crypto_driver_pake_get_user, user, &user_length);
    if (st != PSA_SUCCESS) return st;
    st = shim_pake_read(inputs, psa_crypto_driver_pake_get_peer_len,
                        psa_crypto_driver_pake_get_peer, peer, &peer_length);
    if (st != PSA_SUCCESS) return st;
    st = shim_pake_read(inputs, psa_crypto_driver_pake_get_context_len,
                        psa_crypto_driver_pake_get_context, context, &context_length);
    if (st != PSA_SUCCESS) return st;
    return test_shim_pake_setup(attributes, key_buffer, key_buffer_size, alg, primitive,
                                psa_pake_cs_get_key_confirmation(suite),
                                psa_crypto_driver_pake_get_role(inputs), user, user_length,
                                peer, peer_length, context, context_length,
                                &operation->handle);
}

psa_status_t shim_transparent_pake_output(shim_pake_operation_t *operation,
                                          psa_pake_step_t step, uint8_t *output,
                                          size_t output_size, size_t *output_length) {
    if (step != PSA_PAKE_STEP_KEY_SHARE && step != PSA_PAKE_STEP_CONFIRM)
        return PSA_ERROR_INVALID_ARGUMENT;
    return test_shim_pake_output(operation->handle, step, output, output_size, output_length);
}

psa_status_t shim_transparent_pake_input(shim_pake_operation_t *operation, psa_pake_step_t step,
                                         const uint8_t *input, size_t input_length) {
    if (step != PSA_PAKE_STEP_KEY_SHARE && step != PSA_PAKE_STEP_CONFIRM)
        return PSA_ERROR_INVALID_ARGUMENT;
    return test_shim_pake_input(operation->handle, step, input, input_length);
}

psa_status_t shim_transparent_pake_get_shared_key(shim_pake_operation_t *operation,
                                                  uint8_t *output, size_t output_size,
                                                  size_t *output_length) {
    return test_shim_pake_get_shared_key(operation->handle, output, output_size, output_length);
}

psa_status_t shim_transparent_pake_abort(shim_pake_operation_t *operation) {
    psa_status_t st = test_shim_pake_abort(operation->handle);
    operation->handle = 0;
    return st;
}
