//! What a case needs: the suite's `ARCH_TEST_*` configuration guards, plus the parts of the API
//! a case uses that the front-end does not have yet.
//!
//! A case lists the features its table entry is guarded by (`needs`); it runs only when every
//! one is [`Feature::supported`] (and, on the secure-element path, held by the element), else
//! it is counted as not applicable with the missing feature named. When the project gains an
//! algorithm or an API, flipping its `supported` flag here turns those cases into run ones.

macro_rules! features {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, supported: $supported:literal, secure_element: $se:literal;
    )*) => {
        /// A configuration guard of the suite (`ARCH_TEST_<NAME>`) or an API feature a case needs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Feature {
            /// Every feature, in declaration order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant),*];

            /// The feature's name as the tables print it (the missing algorithm or API).
            pub const fn name(self) -> &'static str {
                match self { $(Feature::$variant => $name,)* }
            }

            /// Whether the project implements it (on the local-key paths).
            pub const fn supported(self) -> bool {
                match self { $(Feature::$variant => $supported,)* }
            }

            /// Whether a key in the simulated secure element can use it (the element holds
            /// P-256 keys only; hashes and API features are independent of where keys live).
            pub const fn in_secure_element(self) -> bool {
                match self { $(Feature::$variant => $se,)* }
            }
        }
    };
}

features! {
    // ----- key types and sizes -----
    /// `ARCH_TEST_AES` (any AES key).
    Aes = "AES", supported: true, secure_element: false;
    /// `ARCH_TEST_AES_128`.
    Aes128 = "AES-128", supported: true, secure_element: false;
    /// `ARCH_TEST_AES_192`.
    Aes192 = "AES-192", supported: true, secure_element: false;
    /// `ARCH_TEST_AES_256`.
    Aes256 = "AES-256", supported: true, secure_element: false;
    /// `ARCH_TEST_ARIA`.
    Aria = "ARIA", supported: false, secure_element: false;
    /// `ARCH_TEST_DES`.
    Des = "DES", supported: false, secure_element: false;
    /// `ARCH_TEST_DES_1KEY`.
    Des1Key = "DES", supported: false, secure_element: false;
    /// `ARCH_TEST_DES_2KEY`.
    Des2Key = "2-key 3DES", supported: false, secure_element: false;
    /// `ARCH_TEST_DES_3KEY`.
    Des3Key = "3-key 3DES", supported: false, secure_element: false;
    /// `ARCH_TEST_CHACHA20` (the ChaCha20 stream cipher).
    Chacha20 = "ChaCha20 stream cipher", supported: false, secure_element: false;
    /// `ARCH_TEST_XCHACHA20`.
    Xchacha20 = "XChaCha20", supported: false, secure_element: false;
    /// `ARCH_TEST_RSA`.
    Rsa = "RSA", supported: false, secure_element: false;
    /// `ARCH_TEST_RSA_1024`.
    Rsa1024 = "RSA", supported: false, secure_element: false;
    /// `ARCH_TEST_RSA_2048`.
    Rsa2048 = "RSA", supported: false, secure_element: false;
    /// `ARCH_TEST_ECC_CURVE_SECP224R1`.
    EccSecp224r1 = "P-224", supported: false, secure_element: false;
    /// `ARCH_TEST_ECC_CURVE_SECP256R1`.
    EccSecp256r1 = "P-256", supported: true, secure_element: true;
    /// `ARCH_TEST_ECC_CURVE_SECP384R1`.
    EccSecp384r1 = "P-384", supported: true, secure_element: false;
    /// `ARCH_TEST_TWISTED_EDWARDS` (Ed25519, Ed448).
    TwistedEdwards = "EdDSA", supported: false, secure_element: false;
    /// `ARCH_TEST_FFDH`, `ARCH_TEST_FFDHE*`.
    Ffdh = "FFDH", supported: false, secure_element: false;
    /// `ARCH_TEST_SPAKE2P*`, `ARCH_TEST_JPAKE`.
    Pake = "PAKE", supported: false, secure_element: false;

    // ----- hashes -----
    /// `ARCH_TEST_MD2`.
    Md2 = "MD2", supported: false, secure_element: true;
    /// `ARCH_TEST_MD4`.
    Md4 = "MD4", supported: false, secure_element: true;
    /// `ARCH_TEST_MD5`.
    Md5 = "MD5", supported: false, secure_element: true;
    /// `ARCH_TEST_RIPEMD160`.
    Ripemd160 = "RIPEMD-160", supported: false, secure_element: true;
    /// `ARCH_TEST_SHA1`.
    Sha1 = "SHA-1", supported: false, secure_element: true;
    /// `ARCH_TEST_SHA224`.
    Sha224 = "SHA-224", supported: true, secure_element: true;
    /// `ARCH_TEST_SHA256`.
    Sha256 = "SHA-256", supported: true, secure_element: true;
    /// `ARCH_TEST_SHA384`.
    Sha384 = "SHA-384", supported: true, secure_element: true;
    /// `ARCH_TEST_SHA512`.
    Sha512 = "SHA-512", supported: true, secure_element: true;
    /// `ARCH_TEST_SHA512_224`, `ARCH_TEST_SHA512_256`.
    Sha512Truncated = "SHA-512/224, SHA-512/256", supported: false, secure_element: true;
    /// `ARCH_TEST_SHA3_*`.
    Sha3 = "SHA-3", supported: false, secure_element: true;
    /// `ARCH_TEST_AES_MMO_ZIGBEE`.
    AesMmo = "AES-MMO (Zigbee)", supported: false, secure_element: false;

    // ----- MAC -----
    /// `ARCH_TEST_HMAC`.
    Hmac = "HMAC", supported: true, secure_element: false;
    /// `ARCH_TEST_CMAC`.
    Cmac = "CMAC", supported: true, secure_element: false;
    /// `ARCH_TEST_TRUNCATED_MAC`.
    TruncatedMac = "truncated MAC", supported: true, secure_element: false;

    // ----- cipher -----
    /// `ARCH_TEST_CIPHER` (any unauthenticated cipher).
    Cipher = "cipher", supported: true, secure_element: false;
    /// `ARCH_TEST_CIPHER_MODE_CTR`.
    Ctr = "CTR", supported: true, secure_element: false;
    /// `ARCH_TEST_CIPER_MODE_CFB` (the suite's spelling).
    Cfb = "CFB", supported: false, secure_element: false;
    /// `ARCH_TEST_CBC_NO_PADDING`, `ARCH_TEST_CBC_AES_NO_PADDING`, `ARCH_TEST_CIPHER_MODE_CBC`.
    CbcNoPadding = "CBC", supported: true, secure_element: false;
    /// `ARCH_TEST_CBC_PKCS7`.
    CbcPkcs7 = "CBC-PKCS#7", supported: true, secure_element: false;

    // ----- AEAD -----
    /// `ARCH_TEST_CCM`.
    Ccm = "CCM", supported: true, secure_element: false;
    /// `ARCH_TEST_CCM_STAR_NO_TAG`.
    CcmStarNoTag = "CCM*", supported: false, secure_element: false;
    /// `ARCH_TEST_GCM`.
    Gcm = "GCM", supported: true, secure_element: false;
    /// `ARCH_TEST_CHACHA20_POLY1305`.
    Chacha20Poly1305 = "ChaCha20-Poly1305", supported: true, secure_element: false;
    /// `ARCH_TEST_XCHACHA20` AEAD (XChaCha20-Poly1305).
    Xchacha20Poly1305 = "XChaCha20-Poly1305", supported: false, secure_element: false;
    /// Multi-part AEAD in the built-in implementation.
    MultipartAead = "multi-part AEAD", supported: false, secure_element: false;

    // ----- asymmetric -----
    /// `ARCH_TEST_ECDSA`.
    Ecdsa = "ECDSA", supported: true, secure_element: true;
    /// `ARCH_TEST_DETERMINISTIC_ECDSA`.
    DeterministicEcdsa = "deterministic ECDSA", supported: true, secure_element: true;
    /// `ARCH_TEST_ECDH`.
    Ecdh = "ECDH", supported: true, secure_element: true;
    /// `ARCH_TEST_RSA_PKCS1V15_SIGN`, `..._SIGN_RAW`.
    RsaPkcs1v15Sign = "RSA PKCS#1 v1.5 signature", supported: false, secure_element: false;
    /// `ARCH_TEST_RSA_PKCS1V15_CRYPT`.
    RsaPkcs1v15Crypt = "RSA PKCS#1 v1.5 encryption", supported: false, secure_element: false;
    /// `ARCH_TEST_RSA_OAEP`.
    RsaOaep = "RSA OAEP", supported: false, secure_element: false;
    /// `ARCH_TEST_ASYMMETRIC_ENCRYPTION`.
    AsymmetricEncryption = "asymmetric encryption", supported: false, secure_element: false;

    // ----- key derivation -----
    /// `ARCH_TEST_HKDF`.
    Hkdf = "HKDF", supported: true, secure_element: false;
    /// `ARCH_TEST_HKDF_EXTRACT`.
    HkdfExtract = "HKDF-Extract", supported: false, secure_element: false;
    /// `ARCH_TEST_HKDF_EXPAND`.
    HkdfExpand = "HKDF-Expand", supported: false, secure_element: false;
    /// `ARCH_TEST_TLS12_PRF`.
    Tls12Prf = "TLS 1.2 PRF", supported: false, secure_element: false;
    /// `ARCH_TEST_TLS12_PSK_TO_MS`.
    Tls12PskToMs = "TLS 1.2 PSK-to-MS", supported: false, secure_element: false;
    /// `ARCH_TEST_PBKDF2`.
    Pbkdf2 = "PBKDF2", supported: false, secure_element: false;
    /// `ARCH_TEST_SP800_108_COUNTER_*`.
    Sp800108 = "SP 800-108 counter KDF", supported: false, secure_element: false;

    // ----- API features the front-end lacks -----
    /// `psa_key_derivation_set_capacity` / `get_capacity`.
    KdfCapacity = "key_derivation capacity", supported: true, secure_element: true;
    /// `psa_key_derivation_output_key`.
    KdfOutputKey = "key_derivation output_key", supported: false, secure_element: true;
    /// `psa_key_derivation_key_agreement`.
    KdfKeyAgreement = "key_derivation key_agreement", supported: false, secure_element: true;
    /// `psa_key_derivation_verify_bytes` / `verify_key`.
    KdfVerify = "key_derivation verify_bytes/verify_key", supported: false, secure_element: true;
    /// `psa_key_derivation_input_integer`.
    KdfInputInteger = "key_derivation input_integer", supported: false, secure_element: true;
    /// `PSA_KEY_DERIVATION_INPUT_OTHER_SECRET` (no `DerivationStep` names it).
    KdfOtherSecret = "key_derivation step OTHER_SECRET", supported: false, secure_element: true;
    /// `PSA_KEY_DERIVATION_INPUT_PASSWORD` (no `DerivationStep` names it).
    KdfStepPassword = "key_derivation step PASSWORD", supported: false, secure_element: true;
    /// `PSA_KEY_DERIVATION_INPUT_COST` (no `DerivationStep` names it).
    KdfStepCost = "key_derivation step COST", supported: false, secure_element: true;
    /// `PSA_KEY_DERIVATION_INPUT_CONTEXT` (no `DerivationStep` names it).
    KdfStepContext = "key_derivation step CONTEXT", supported: false, secure_element: true;
    /// PSA 1.2 `psa_key_agreement` (agreement straight into a key).
    KeyAgreementToKey = "psa_key_agreement", supported: false, secure_element: true;
    /// Hash suspend / resume (`psa_hash_suspend`, `psa_hash_resume`).
    HashSuspend = "hash suspend/resume", supported: false, secure_element: true;
    /// Persistent keys (`psa_open_key`, `psa_purge_key`, persistent lifetimes).
    PersistentKeys = "persistent keys", supported: false, secure_element: true;
    /// Interruptible (`*_interruptible_*`) operations.
    Interruptible = "interruptible operations", supported: false, secure_element: true;
}
