/* psa_driver_c.h: the PSA driver interface types and constants a C driver registered with
 * c_driver! compiles against. GENERATED from the Rust definitions by psa_c_driver::header();
 * do not edit (the test `c_driver_header_matches_rust` fails if this file drifts). */
#ifndef PSA_DRIVER_C_H
#define PSA_DRIVER_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t psa_status_t;
typedef uint32_t psa_algorithm_t;
typedef uint16_t psa_key_type_t;
typedef uint8_t psa_ecc_family_t;
typedef uint32_t psa_key_lifetime_t;
typedef uint32_t psa_key_location_t;
typedef uint32_t psa_key_usage_t;
typedef uint32_t psa_key_id_t;
typedef uint16_t psa_key_derivation_step_t;
typedef uint32_t psa_pake_primitive_t;
typedef uint8_t psa_pake_primitive_type_t;
typedef uint8_t psa_pake_family_t;
typedef uint8_t psa_pake_role_t;
typedef uint8_t psa_pake_step_t;
/* Incomplete: read it with the accessors below. */
typedef struct psa_key_attributes_s psa_key_attributes_t;

psa_key_type_t psa_get_key_type(const psa_key_attributes_t *attributes);
size_t psa_get_key_bits(const psa_key_attributes_t *attributes);
psa_key_lifetime_t psa_get_key_lifetime(const psa_key_attributes_t *attributes);
psa_algorithm_t psa_get_key_algorithm(const psa_key_attributes_t *attributes);
psa_key_usage_t psa_get_key_usage_flags(const psa_key_attributes_t *attributes);
psa_key_id_t psa_get_key_id(const psa_key_attributes_t *attributes);

/* get_builtin_key only: it describes the key through these. */
typedef uint64_t psa_drv_slot_number_t;
void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type);
void psa_set_key_bits(psa_key_attributes_t *attributes, size_t bits);
void psa_set_key_algorithm(psa_key_attributes_t *attributes, psa_algorithm_t alg);
void psa_set_key_usage_flags(psa_key_attributes_t *attributes, psa_key_usage_t usage);

/* Random bytes from the core's source, during generate_key, sign_hash, sign_message,
 * asymmetric_encrypt and pake_output (PSA_ERROR_BAD_STATE elsewhere). */
psa_status_t psa_generate_random(uint8_t *output, size_t output_size);

/* Multi-part operations: the core holds the driver's context in the size and alignment
 * stated in c_driver! (`hash_context(size = S, align = A);`). This fails to compile unless
 * `type` fits them. */
#define PSA_DRIVER_CONTEXT_FITS(name, type, size, align) typedef char name[(sizeof(type) <= (size) && (align) % offsetof(struct { char c; type t; }, t) == 0) ? 1 : -1]

/* PAKE: what pake_setup receives besides the password key (incomplete types, read during
 * pake_setup only). The id and context getters copy into a buffer (PSA_ERROR_BUFFER_TOO_SMALL
 * if it is too small; an input that was not set is empty). */
typedef struct psa_crypto_driver_pake_inputs_s psa_crypto_driver_pake_inputs_t;
typedef struct psa_pake_cipher_suite_s psa_pake_cipher_suite_t;
const psa_pake_cipher_suite_t *psa_crypto_driver_pake_get_cipher_suite(
    const psa_crypto_driver_pake_inputs_t *inputs);
psa_algorithm_t psa_pake_cs_get_algorithm(const psa_pake_cipher_suite_t *cipher_suite);
psa_pake_primitive_t psa_pake_cs_get_primitive(const psa_pake_cipher_suite_t *cipher_suite);
uint32_t psa_pake_cs_get_key_confirmation(const psa_pake_cipher_suite_t *cipher_suite);
psa_pake_role_t psa_crypto_driver_pake_get_role(const psa_crypto_driver_pake_inputs_t *inputs);
psa_status_t psa_crypto_driver_pake_get_user_len(const psa_crypto_driver_pake_inputs_t *inputs,
                                                 size_t *user_len);
psa_status_t psa_crypto_driver_pake_get_user(const psa_crypto_driver_pake_inputs_t *inputs,
                                             uint8_t *user_id, size_t user_id_size,
                                             size_t *user_id_len);
psa_status_t psa_crypto_driver_pake_get_peer_len(const psa_crypto_driver_pake_inputs_t *inputs,
                                                 size_t *peer_len);
psa_status_t psa_crypto_driver_pake_get_peer(const psa_crypto_driver_pake_inputs_t *inputs,
                                             uint8_t *peer_id, size_t peer_id_size,
                                             size_t *peer_id_len);
psa_status_t psa_crypto_driver_pake_get_context_len(
    const psa_crypto_driver_pake_inputs_t *inputs, size_t *context_len);
psa_status_t psa_crypto_driver_pake_get_context(const psa_crypto_driver_pake_inputs_t *inputs,
                                                uint8_t *context, size_t context_size,
                                                size_t *context_length);

/* Status */
#define PSA_SUCCESS ((psa_status_t)0)
#define PSA_ERROR_GENERIC_ERROR ((psa_status_t)-132)
#define PSA_ERROR_NOT_PERMITTED ((psa_status_t)-133)
#define PSA_ERROR_NOT_SUPPORTED ((psa_status_t)-134)
#define PSA_ERROR_INVALID_ARGUMENT ((psa_status_t)-135)
#define PSA_ERROR_INVALID_HANDLE ((psa_status_t)-136)
#define PSA_ERROR_BAD_STATE ((psa_status_t)-137)
#define PSA_ERROR_BUFFER_TOO_SMALL ((psa_status_t)-138)
#define PSA_ERROR_ALREADY_EXISTS ((psa_status_t)-139)
#define PSA_ERROR_DOES_NOT_EXIST ((psa_status_t)-140)
#define PSA_ERROR_INSUFFICIENT_MEMORY ((psa_status_t)-141)
#define PSA_ERROR_INSUFFICIENT_STORAGE ((psa_status_t)-142)
#define PSA_ERROR_INSUFFICIENT_DATA ((psa_status_t)-143)
#define PSA_ERROR_SERVICE_FAILURE ((psa_status_t)-144)
#define PSA_ERROR_COMMUNICATION_FAILURE ((psa_status_t)-145)
#define PSA_ERROR_STORAGE_FAILURE ((psa_status_t)-146)
#define PSA_ERROR_HARDWARE_FAILURE ((psa_status_t)-147)
#define PSA_ERROR_INSUFFICIENT_ENTROPY ((psa_status_t)-148)
#define PSA_ERROR_INVALID_SIGNATURE ((psa_status_t)-149)
#define PSA_ERROR_INVALID_PADDING ((psa_status_t)-150)
#define PSA_ERROR_CORRUPTION_DETECTED ((psa_status_t)-151)
#define PSA_ERROR_DATA_CORRUPT ((psa_status_t)-152)
#define PSA_ERROR_DATA_INVALID ((psa_status_t)-153)

/* Algorithms */
#define PSA_ALG_NONE ((psa_algorithm_t)0x00000000)
#define PSA_ALG_SHA_224 ((psa_algorithm_t)0x02000008)
#define PSA_ALG_SHA_256 ((psa_algorithm_t)0x02000009)
#define PSA_ALG_SHA_384 ((psa_algorithm_t)0x0200000a)
#define PSA_ALG_SHA_512 ((psa_algorithm_t)0x0200000b)
#define PSA_ALG_ANY_HASH ((psa_algorithm_t)0x020000ff)
#define PSA_ALG_CMAC ((psa_algorithm_t)0x03c00200)
#define PSA_ALG_CTR ((psa_algorithm_t)0x04c01000)
#define PSA_ALG_CBC_NO_PADDING ((psa_algorithm_t)0x04404000)
#define PSA_ALG_CBC_PKCS7 ((psa_algorithm_t)0x04404100)
#define PSA_ALG_ECB_NO_PADDING ((psa_algorithm_t)0x04404400)
#define PSA_ALG_GCM ((psa_algorithm_t)0x05500200)
#define PSA_ALG_CCM ((psa_algorithm_t)0x05500100)
#define PSA_ALG_CHACHA20_POLY1305 ((psa_algorithm_t)0x05100500)
#define PSA_ALG_ECDH ((psa_algorithm_t)0x09020000)
#define PSA_ALG_RSA_PKCS1V15_CRYPT ((psa_algorithm_t)0x07000200)
#define PSA_ALG_HMAC(hash_alg) ((psa_algorithm_t)(0x03800000 | ((hash_alg) & 0xff)))
#define PSA_ALG_ECDSA(hash_alg) ((psa_algorithm_t)(0x06000600 | ((hash_alg) & 0xff)))
#define PSA_ALG_DETERMINISTIC_ECDSA(hash_alg) ((psa_algorithm_t)(0x06000700 | ((hash_alg) & 0xff)))
#define PSA_ALG_RSA_OAEP(hash_alg) ((psa_algorithm_t)(0x07000300 | ((hash_alg) & 0xff)))

/* Key types */
#define PSA_KEY_TYPE_NONE ((psa_key_type_t)0x0000)
#define PSA_KEY_TYPE_RAW_DATA ((psa_key_type_t)0x1001)
#define PSA_KEY_TYPE_HMAC ((psa_key_type_t)0x1100)
#define PSA_KEY_TYPE_DERIVE ((psa_key_type_t)0x1200)
#define PSA_KEY_TYPE_AES ((psa_key_type_t)0x2400)
#define PSA_KEY_TYPE_CHACHA20 ((psa_key_type_t)0x2004)
#define PSA_KEY_TYPE_RSA_KEY_PAIR ((psa_key_type_t)0x7001)
#define PSA_KEY_TYPE_RSA_PUBLIC_KEY ((psa_key_type_t)0x4001)
#define PSA_KEY_TYPE_ECC_KEY_PAIR(curve) ((psa_key_type_t)(0x7100 | (curve)))
#define PSA_KEY_TYPE_ECC_PUBLIC_KEY(curve) ((psa_key_type_t)(0x4100 | (curve)))
#define PSA_ECC_FAMILY_SECP_R1 ((psa_ecc_family_t)0x12)

/* Lifetimes and locations */
#define PSA_KEY_LOCATION_LOCAL_STORAGE ((psa_key_location_t)0x0)
#define PSA_KEY_LOCATION_VENDOR_FLAG ((psa_key_location_t)0x800000)
#define PSA_KEY_LIFETIME_GET_LOCATION(lifetime) ((psa_key_location_t)((lifetime) >> 8))

/* Usage flags */
#define PSA_KEY_USAGE_EXPORT ((psa_key_usage_t)0x00000001)
#define PSA_KEY_USAGE_COPY ((psa_key_usage_t)0x00000002)
#define PSA_KEY_USAGE_ENCRYPT ((psa_key_usage_t)0x00000100)
#define PSA_KEY_USAGE_DECRYPT ((psa_key_usage_t)0x00000200)
#define PSA_KEY_USAGE_SIGN_MESSAGE ((psa_key_usage_t)0x00000400)
#define PSA_KEY_USAGE_VERIFY_MESSAGE ((psa_key_usage_t)0x00000800)
#define PSA_KEY_USAGE_SIGN_HASH ((psa_key_usage_t)0x00001000)
#define PSA_KEY_USAGE_VERIFY_HASH ((psa_key_usage_t)0x00002000)
#define PSA_KEY_USAGE_DERIVE ((psa_key_usage_t)0x00004000)

/* Key derivation */
#define PSA_KEY_DERIVATION_INPUT_SECRET ((psa_key_derivation_step_t)0x0101)
#define PSA_KEY_DERIVATION_INPUT_PASSWORD ((psa_key_derivation_step_t)0x0102)
#define PSA_KEY_DERIVATION_INPUT_LABEL ((psa_key_derivation_step_t)0x0201)
#define PSA_KEY_DERIVATION_INPUT_SALT ((psa_key_derivation_step_t)0x0202)
#define PSA_KEY_DERIVATION_INPUT_INFO ((psa_key_derivation_step_t)0x0203)
#define PSA_KEY_DERIVATION_INPUT_SEED ((psa_key_derivation_step_t)0x0204)
#define PSA_KEY_DERIVATION_INPUT_COST ((psa_key_derivation_step_t)0x0205)
#define PSA_ALG_HKDF(hash_alg) ((psa_algorithm_t)(0x08000100 | ((hash_alg) & 0xff)))

/* PAKE */
#define PSA_ALG_JPAKE(hash_alg) ((psa_algorithm_t)(0x0a000100 | ((hash_alg) & 0xff)))
#define PSA_ALG_SPAKE2P_HMAC(hash_alg) ((psa_algorithm_t)(0x0a000400 | ((hash_alg) & 0xff)))
#define PSA_ALG_SPAKE2P_CMAC(hash_alg) ((psa_algorithm_t)(0x0a000500 | ((hash_alg) & 0xff)))
#define PSA_ALG_SPAKE2P_MATTER ((psa_algorithm_t)0x0a000609)
#define PSA_KEY_TYPE_SPAKE2P_KEY_PAIR(curve) ((psa_key_type_t)(0x7400 | (curve)))
#define PSA_KEY_TYPE_SPAKE2P_PUBLIC_KEY(curve) ((psa_key_type_t)(0x4400 | (curve)))
#define PSA_PAKE_PRIMITIVE_TYPE_ECC ((psa_pake_primitive_type_t)0x01)
#define PSA_PAKE_PRIMITIVE_TYPE_DH ((psa_pake_primitive_type_t)0x02)
#define PSA_PAKE_PRIMITIVE(pake_type, pake_family, pake_bits) \
    ((pake_bits) > 0xffff ? (psa_pake_primitive_t)0 : \
     (psa_pake_primitive_t)(((uint32_t)(pake_type) << 24) | ((uint32_t)(pake_family) << 16) | (uint32_t)(pake_bits)))
#define PSA_PAKE_PRIMITIVE_GET_TYPE(primitive) ((psa_pake_primitive_type_t)((primitive) >> 24))
#define PSA_PAKE_PRIMITIVE_GET_FAMILY(primitive) ((psa_pake_family_t)((primitive) >> 16))
#define PSA_PAKE_PRIMITIVE_GET_BITS(primitive) ((size_t)((primitive) & 0xffff))
#define PSA_PAKE_ROLE_NONE ((psa_pake_role_t)0x00)
#define PSA_PAKE_ROLE_FIRST ((psa_pake_role_t)0x01)
#define PSA_PAKE_ROLE_SECOND ((psa_pake_role_t)0x02)
#define PSA_PAKE_ROLE_CLIENT ((psa_pake_role_t)0x11)
#define PSA_PAKE_ROLE_SERVER ((psa_pake_role_t)0x12)
#define PSA_PAKE_STEP_KEY_SHARE ((psa_pake_step_t)0x01)
#define PSA_PAKE_STEP_ZK_PUBLIC ((psa_pake_step_t)0x02)
#define PSA_PAKE_STEP_ZK_PROOF ((psa_pake_step_t)0x03)
#define PSA_PAKE_STEP_CONFIRM ((psa_pake_step_t)0x04)
#define PSA_PAKE_CONFIRMED_KEY 0
#define PSA_PAKE_UNCONFIRMED_KEY 1

#ifdef __cplusplus
}
#endif

#endif /* PSA_DRIVER_C_H */
