//! The PSA driver-interface entry-point catalogue, defined once.
//!
//! This crate holds data, not code: [`entry_points!`] is a callback macro whose expansion is
//! the whole table, and [`ECC_CURVE_SIZES`] lists the curve sizes of each ECC family.
//! `psa-core` expands the table into `EntryPoint`, the `entry::<ep>` modules, the `Driver`
//! consts and the `Dispatch` trait; `psa-driver-macros` expands it at its own compile time into
//! the table its checks and code generation read. Both depend on this crate with an exact
//! (`=`) version, so nothing can diverge. Users never need it: the entry points are
//! documented in `psa_core::entry`.
#![no_std]

/// Expands to `$callback! { families { … } entry_points { … } }`, the whole catalogue.
///
/// Grammar of what the callback receives:
///
/// ```text
/// families {
///     ( #[doc = "…"] )* Family / snake_name ( [ContextType, OperationType] )? ;
///     …
/// }
/// entry_points {
///     ( #[doc = "…"] )*
///     name / Variant / CONST_NAME: Family ( [ContextType, OperationType] )?, Implementers, Shape,
///         rule, request(kind),
///         call_kind ( <'a> )? ( param: Type, … ) -> Return
///         ( , c glue ( c_param: CType, … ) )? ;
///     …
/// }
/// ```
///
/// - `Implementers`: `Both`, `TransparentOnly` or `OpaqueOnly`.
/// - `Shape`: `Keyed`, `Keyless`, `KeyedSetup`, `KeylessSetup`, `Step`, `Clone`, `Abort`.
/// - `rule`, how a multi-part family must be declared: `single` (not multi-part), `required`
///   (every driver of the family declares it), `optional`, `setup` (a driver declares at least
///   one of the family's setups), `setup(partner)` (a setup that needs `partner`, and the other
///   way round), `paired` (the partner of a `setup(…)`).
/// - `request(kind)`: which fields of the call a capability can describe: `keyed_attrs_alg`
///   (location, key type, size, the requested algorithm), `keyed_attrs` (key management:
///   location, key type, size, the key's permitted algorithm), `slot` (location only),
///   `keyless_alg` (the algorithm only), `none` (nothing).
/// - `call_kind`: `plain` (single-part), `setup` (returns the driver's context), `step` (takes
///   the context by `&mut`), `clone`, `abort`. `<'a>` is present when a parameter borrows.
///
/// - `c glue(…)`: how `psa_c_driver::c_driver!` calls a C driver's implementation of the
///   entry point: the C function's parameters as the driver interface declares them (it
///   returns a `psa_status_t`), and the `psa_c_driver` function (in `psa_c_driver::multipart`
///   for a multi-part entry point) that converts the arguments, calls it and checks what it
///   returns. The glue takes the C function, then the context (multi-part), then the entry
///   point's parameters in order. Absent: `c_driver!` cannot call the entry point.
///
/// Types are written as `psa_core` names them (`KeyAttributes`, `Algorithm`, `Rng<'a>`, …);
/// a callback outside `psa-core` may only stringify them. C types are written as
/// `psa_c_driver::c_types` names them (`Attributes`, `*const u8`, `*mut c_void`, …).
///
/// ```
/// macro_rules! names {
///     (families { $($families:tt)* } entry_points { $(
///         $(#[doc = $d:literal])*
///         $name:ident / $variant:ident / $konst:ident: $family:ident $([$c:ident, $o:ident])?,
///         $who:ident, $shape:ident, $rule:ident $(($partner:ident))?, request($req:ident),
///         $kind:ident $(<$lt:lifetime>)? ($($arg:ident: $ty:ty),*) -> $out:ty
///         $(, c $cfn:ident($($cp:ident: $cty:ty),*))?;
///     )* }) => {
///         [$(stringify!($name)),*]
///     };
/// }
/// let names = psa_catalogue::entry_points!(names);
/// assert_eq!(names.len(), 59);
/// assert_eq!(names[0], "import_key");
/// ```
#[macro_export]
macro_rules! entry_points {
    ($callback:ident) => {
        $callback! {
            families {
                /// Key management.
                KeyManagement / key_management;
                /// Hash (`HashContext`).
                Hash / hash [HashContext, HashOperation];
                /// MAC (`MacContext`).
                Mac / mac [MacContext, MacOperation];
                /// Unauthenticated cipher (`CipherContext`).
                Cipher / cipher [CipherContext, CipherOperation];
                /// AEAD (`AeadContext`).
                Aead / aead [AeadContext, AeadOperation];
                /// Asymmetric signature.
                Signature / signature;
                /// Asymmetric encryption.
                AsymmetricEncryption / asymmetric_encryption;
                /// Key agreement.
                KeyAgreement / key_agreement;
                /// Key derivation (`KeyDerivationContext`).
                KeyDerivation / key_derivation [KeyDerivationContext, KeyDerivationOperation];
                /// Password-authenticated key exchange (`PakeContext`).
                Pake / pake [PakeContext, PakeOperation];
                /// Random generation.
                Random / random;
            }
            entry_points {
                /// `import_key`: check key data in export format and write the key buffer (for local keys, the
                /// same bytes; for opaque keys, the driver's own form). `attributes.bits()` may be 0.
                import_key / ImportKey / IMPORT_KEY: KeyManagement, Both, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, data: &'a [u8], key_buffer: &'a mut [u8]) -> Result<ImportedKey>,
                    c import_key(attributes: Attributes, data: *const u8, data_length: usize, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize, bits: *mut usize);
                /// `export_public_key`: write the public key in export format (`0x04‖X‖Y` for ECC).
                export_public_key / ExportPublicKey / EXPORT_PUBLIC_KEY: KeyManagement, Both, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], data: &'a mut [u8]) -> Result<usize>,
                    c export_key(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, data: *mut u8, data_size: usize, data_length: *mut usize);
                /// `export_key`: write an opaque key's material in export format (policy checked by the core).
                export_key / ExportKey / EXPORT_KEY: KeyManagement, OpaqueOnly, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], data: &'a mut [u8]) -> Result<usize>,
                    c export_key(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, data: *mut u8, data_size: usize, data_length: *mut usize);
                /// `copy_key`: copy an opaque key within its location; `attributes` are the target's.
                copy_key / CopyKey / COPY_KEY: KeyManagement, OpaqueOnly, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, source_key: &'a [u8], target_key_buffer: &'a mut [u8]) -> Result<usize>,
                    c copy_key(attributes: Attributes, source_key: *const u8, source_key_length: usize, target_key_buffer: *mut u8, target_key_buffer_size: usize, target_key_buffer_length: *mut usize);
                /// `get_builtin_key`: load a built-in key by slot: fill all attributes but the id (the
                /// location must not change) and write the key buffer.
                get_builtin_key / GetBuiltinKey / GET_BUILTIN_KEY: KeyManagement, OpaqueOnly, Keyed, single, request(slot),
                    plain<'a>(slot_number: SlotNumber, attributes: &'a mut KeyAttributes, key_buffer: &'a mut [u8]) -> Result<usize>,
                    c get_builtin_key(slot_number: u64, attributes: AttributesMut, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize);
                /// `generate_key`: generate a key and write the key buffer.
                generate_key / GenerateKey / GENERATE_KEY: KeyManagement, Both, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a mut [u8], rng: Rng<'a>) -> Result<usize>,
                    c generate_key(attributes: Attributes, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize);
                /// `allocate_key`: reserve storage in a secure element before import or generation.
                allocate_key / AllocateKey / ALLOCATE_KEY: KeyManagement, OpaqueOnly, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a mut [u8]) -> Result<usize>,
                    c allocate_key(attributes: Attributes, key_buffer: *mut u8, key_buffer_size: usize);
                /// `destroy_key`: release a secure element's storage for a key being destroyed.
                destroy_key / DestroyKey / DESTROY_KEY: KeyManagement, OpaqueOnly, Keyed, single, request(keyed_attrs),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8]) -> Result<()>,
                    c destroy_key(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize);

                /// `hash_compute`: one-shot hash.
                hash_compute / HashCompute / HASH_COMPUTE: Hash, TransparentOnly, Keyless, single, request(keyless_alg),
                    plain<'a>(alg: Algorithm, input: &'a [u8], hash: &'a mut [u8]) -> Result<usize>,
                    c hash_compute(alg: u32, input: *const u8, input_length: usize, hash: *mut u8, hash_size: usize, hash_length: *mut usize);
                /// `hash_setup`: start a multi-part hash; returns the driver's context.
                hash_setup / HashSetup / HASH_SETUP: Hash[HashContext, HashOperation], TransparentOnly, KeylessSetup, required, request(keyless_alg),
                    setup(alg: Algorithm) -> Result<()>,
                    c hash_setup(operation: *mut c_void, alg: u32);
                /// `hash_update`.
                hash_update / HashUpdate / HASH_UPDATE: Hash[HashContext, HashOperation], TransparentOnly, Step, required, request(none),
                    step<'a>(input: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `hash_finish`: write the digest.
                hash_finish / HashFinish / HASH_FINISH: Hash[HashContext, HashOperation], TransparentOnly, Step, required, request(none),
                    step<'a>(hash: &'a mut [u8]) -> Result<usize>,
                    c finish(operation: *mut c_void, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `hash_clone`: duplicate a context on the same driver.
                hash_clone / HashClone / HASH_CLONE: Hash[HashContext, HashOperation], TransparentOnly, Clone, optional, request(none),
                    clone() -> Result<()>,
                    c clone(source_operation: *const c_void, target_operation: *mut c_void);
                /// `hash_abort`: release a context.
                hash_abort / HashAbort / HASH_ABORT: Hash[HashContext, HashOperation], TransparentOnly, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `mac_compute`: one-shot MAC.
                mac_compute / MacCompute / MAC_COMPUTE: Mac, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], mac: &'a mut [u8]) -> Result<usize>,
                    c mac_compute(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, mac: *mut u8, mac_size: usize, mac_length: *mut usize);
                /// `mac_sign_setup`.
                mac_sign_setup / MacSignSetup / MAC_SIGN_SETUP: Mac[MacContext, MacOperation], Both, KeyedSetup, setup(mac_sign_finish), request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `mac_verify_setup`.
                mac_verify_setup / MacVerifySetup / MAC_VERIFY_SETUP: Mac[MacContext, MacOperation], Both, KeyedSetup, setup(mac_verify_finish), request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `mac_update`.
                mac_update / MacUpdate / MAC_UPDATE: Mac[MacContext, MacOperation], Both, Step, required, request(none),
                    step<'a>(input: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `mac_sign_finish`: write the MAC.
                mac_sign_finish / MacSignFinish / MAC_SIGN_FINISH: Mac[MacContext, MacOperation], Both, Step, paired, request(none),
                    step<'a>(mac: &'a mut [u8]) -> Result<usize>,
                    c finish(operation: *mut c_void, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `mac_verify_finish`: compare with `mac` in constant time.
                mac_verify_finish / MacVerifyFinish / MAC_VERIFY_FINISH: Mac[MacContext, MacOperation], Both, Step, paired, request(none),
                    step<'a>(mac: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `mac_abort`.
                mac_abort / MacAbort / MAC_ABORT: Mac[MacContext, MacOperation], Both, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `cipher_encrypt`: one-shot encryption with the IV the core chose; writes the
                /// ciphertext only (the core writes the IV before it).
                cipher_encrypt / CipherEncrypt / CIPHER_ENCRYPT: Cipher, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, iv: &'a [u8], input: &'a [u8], output: &'a mut [u8]) -> Result<usize>,
                    c cipher_encrypt(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, iv: *const u8, iv_length: usize, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `cipher_decrypt`: one-shot decryption; `input` starts with the IV.
                cipher_decrypt / CipherDecrypt / CIPHER_DECRYPT: Cipher, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], output: &'a mut [u8]) -> Result<usize>,
                    c cipher_decrypt(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `cipher_encrypt_setup`.
                cipher_encrypt_setup / CipherEncryptSetup / CIPHER_ENCRYPT_SETUP: Cipher[CipherContext, CipherOperation], Both, KeyedSetup, setup, request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `cipher_decrypt_setup`.
                cipher_decrypt_setup / CipherDecryptSetup / CIPHER_DECRYPT_SETUP: Cipher[CipherContext, CipherOperation], Both, KeyedSetup, setup, request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `cipher_set_iv` (the core generates random IVs and calls this).
                cipher_set_iv / CipherSetIv / CIPHER_SET_IV: Cipher[CipherContext, CipherOperation], Both, Step, required, request(none),
                    step<'a>(iv: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `cipher_update`.
                cipher_update / CipherUpdate / CIPHER_UPDATE: Cipher[CipherContext, CipherOperation], Both, Step, required, request(none),
                    step<'a>(input: &'a [u8], output: &'a mut [u8]) -> Result<usize>,
                    c update(operation: *mut c_void, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `cipher_finish`.
                cipher_finish / CipherFinish / CIPHER_FINISH: Cipher[CipherContext, CipherOperation], Both, Step, required, request(none),
                    step<'a>(output: &'a mut [u8]) -> Result<usize>,
                    c finish(operation: *mut c_void, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `cipher_abort`.
                cipher_abort / CipherAbort / CIPHER_ABORT: Cipher[CipherContext, CipherOperation], Both, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `aead_encrypt`: writes ciphertext followed by the tag.
                aead_encrypt / AeadEncrypt / AEAD_ENCRYPT: Aead, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, nonce: &'a [u8], additional_data: &'a [u8], plaintext: &'a [u8], ciphertext: &'a mut [u8]) -> Result<usize>,
                    c aead(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, nonce: *const u8, nonce_length: usize, additional_data: *const u8, additional_data_length: usize, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `aead_decrypt`: `ciphertext` ends with the tag.
                aead_decrypt / AeadDecrypt / AEAD_DECRYPT: Aead, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, nonce: &'a [u8], additional_data: &'a [u8], ciphertext: &'a [u8], plaintext: &'a mut [u8]) -> Result<usize>,
                    c aead(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, nonce: *const u8, nonce_length: usize, additional_data: *const u8, additional_data_length: usize, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `aead_encrypt_setup`.
                aead_encrypt_setup / AeadEncryptSetup / AEAD_ENCRYPT_SETUP: Aead[AeadContext, AeadOperation], Both, KeyedSetup, setup(aead_finish), request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `aead_decrypt_setup`.
                aead_decrypt_setup / AeadDecryptSetup / AEAD_DECRYPT_SETUP: Aead[AeadContext, AeadOperation], Both, KeyedSetup, setup(aead_verify), request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>,
                    c mac_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32);
                /// `aead_set_nonce`.
                aead_set_nonce / AeadSetNonce / AEAD_SET_NONCE: Aead[AeadContext, AeadOperation], Both, Step, required, request(none),
                    step<'a>(nonce: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `aead_set_lengths`.
                aead_set_lengths / AeadSetLengths / AEAD_SET_LENGTHS: Aead[AeadContext, AeadOperation], Both, Step, optional, request(none),
                    step(ad_length: usize, plaintext_length: usize) -> Result<()>,
                    c set_lengths(operation: *mut c_void, ad_length: usize, plaintext_length: usize);
                /// `aead_update_ad`.
                aead_update_ad / AeadUpdateAd / AEAD_UPDATE_AD: Aead[AeadContext, AeadOperation], Both, Step, required, request(none),
                    step<'a>(input: &'a [u8]) -> Result<()>,
                    c input(operation: *mut c_void, input: *const u8, input_length: usize);
                /// `aead_update`.
                aead_update / AeadUpdate / AEAD_UPDATE: Aead[AeadContext, AeadOperation], Both, Step, required, request(none),
                    step<'a>(input: &'a [u8], output: &'a mut [u8]) -> Result<usize>,
                    c update(operation: *mut c_void, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `aead_finish`: returns (ciphertext length, tag length).
                aead_finish / AeadFinish / AEAD_FINISH: Aead[AeadContext, AeadOperation], Both, Step, paired, request(none),
                    step<'a>(ciphertext: &'a mut [u8], tag: &'a mut [u8]) -> Result<(usize, usize)>,
                    c aead_finish(operation: *mut c_void, ciphertext: *mut u8, ciphertext_size: usize, ciphertext_length: *mut usize, tag: *mut u8, tag_size: usize, tag_length: *mut usize);
                /// `aead_verify`: returns the plaintext length.
                aead_verify / AeadVerify / AEAD_VERIFY: Aead[AeadContext, AeadOperation], Both, Step, paired, request(none),
                    step<'a>(plaintext: &'a mut [u8], tag: &'a [u8]) -> Result<usize>,
                    c aead_verify(operation: *mut c_void, plaintext: *mut u8, plaintext_size: usize, plaintext_length: *mut usize, tag: *const u8, tag_length: usize);
                /// `aead_abort`.
                aead_abort / AeadAbort / AEAD_ABORT: Aead[AeadContext, AeadOperation], Both, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `sign_hash`: sign a digest (ECDSA signatures are `r‖s`).
                sign_hash / SignHash / SIGN_HASH: Signature, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, hash: &'a [u8], signature: &'a mut [u8], rng: Rng<'a>) -> Result<usize>,
                    c sign(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *mut u8, signature_size: usize, signature_length: *mut usize);
                /// `verify_hash`: `INVALID_SIGNATURE` if the signature does not verify.
                verify_hash / VerifyHash / VERIFY_HASH: Signature, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, hash: &'a [u8], signature: &'a [u8]) -> Result<()>,
                    c verify(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *const u8, signature_length: usize);
                /// `sign_message`: hash and sign in one (when no driver serves it, the core hashes and
                /// calls `sign_hash`).
                sign_message / SignMessage / SIGN_MESSAGE: Signature, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], signature: &'a mut [u8], rng: Rng<'a>) -> Result<usize>,
                    c sign(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *mut u8, signature_size: usize, signature_length: *mut usize);
                /// `verify_message`.
                verify_message / VerifyMessage / VERIFY_MESSAGE: Signature, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], signature: &'a [u8]) -> Result<()>,
                    c verify(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *const u8, signature_length: usize);

                /// `asymmetric_encrypt`.
                asymmetric_encrypt / AsymmetricEncrypt / ASYMMETRIC_ENCRYPT: AsymmetricEncryption, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], salt: &'a [u8], output: &'a mut [u8], rng: Rng<'a>) -> Result<usize>,
                    c asymmetric_encrypt(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, salt: *const u8, salt_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `asymmetric_decrypt`.
                asymmetric_decrypt / AsymmetricDecrypt / ASYMMETRIC_DECRYPT: AsymmetricEncryption, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], salt: &'a [u8], output: &'a mut [u8]) -> Result<usize>,
                    c asymmetric_decrypt(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, salt: *const u8, salt_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);

                /// `key_agreement`: raw key agreement with a peer public key in export format.
                key_agreement / KeyAgreement / KEY_AGREEMENT: KeyAgreement, Both, Keyed, single, request(keyed_attrs_alg),
                    plain<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, peer_key: &'a [u8], shared_secret: &'a mut [u8]) -> Result<usize>,
                    c cipher_decrypt(attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize);

                /// `key_derivation_setup`.
                key_derivation_setup / KeyDerivationSetup / KEY_DERIVATION_SETUP: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], TransparentOnly, KeylessSetup, setup, request(keyless_alg),
                    setup(alg: Algorithm) -> Result<()>,
                    c hash_setup(operation: *mut c_void, alg: u32);
                /// `key_derivation_input_key` (opaque drivers; not an entry point of Mbed TLS's
                /// driver interface): the opaque driver's "bind a derivation to my key" step.
                /// The core calls it when an application inputs a key in the driver's location
                /// as the secret or password (`step`) of a derivation of `alg` (the KDF; the
                /// KDF part of a key agreement), after checking the key's policy; the returned
                /// context then serves the operation. The inputs given before the secret (salt,
                /// cost, seed, …) follow through `key_derivation_input_bytes` /
                /// `_input_integer`, in their original order, then the later inputs and the
                /// outputs. The core keeps the capacity. A key-derivation family's setup is
                /// `key_derivation_setup` (transparent) or this (opaque).
                key_derivation_input_key / KeyDerivationInputKey / KEY_DERIVATION_INPUT_KEY: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], OpaqueOnly, KeyedSetup, setup, request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, step: DerivationStep) -> Result<()>;
                /// `key_derivation_input_bytes` (also used for secret keys from local storage).
                key_derivation_input_bytes / KeyDerivationInputBytes / KEY_DERIVATION_INPUT_BYTES: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], Both, Step, required, request(none),
                    step<'a>(step: DerivationStep, data: &'a [u8]) -> Result<()>,
                    c key_derivation_input_bytes(operation: *mut c_void, step: u16, data: *const u8, data_length: usize);
                /// `key_derivation_input_integer`: a numeric input, e.g. PBKDF2's iteration count
                /// (`DerivationStep::Cost`).
                key_derivation_input_integer / KeyDerivationInputInteger / KEY_DERIVATION_INPUT_INTEGER: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], Both, Step, optional, request(none),
                    step(step: DerivationStep, value: u64) -> Result<()>,
                    c key_derivation_input_integer(operation: *mut c_void, step: u16, value: u64);
                /// `key_derivation_output_bytes`.
                key_derivation_output_bytes / KeyDerivationOutputBytes / KEY_DERIVATION_OUTPUT_BYTES: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], Both, Step, required, request(none),
                    step<'a>(output: &'a mut [u8]) -> Result<()>,
                    c key_derivation_output_bytes(operation: *mut c_void, output: *mut u8, output_length: usize);
                /// `key_derivation_abort`.
                key_derivation_abort / KeyDerivationAbort / KEY_DERIVATION_ABORT: KeyDerivation[KeyDerivationContext, KeyDerivationOperation], Both, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `pake_setup`: start a PAKE with the password key and the inputs the core
                /// collected (cipher suite, role, user, peer, context); the core calls it on the
                /// first `input` or `output` step, once every input is known.
                pake_setup / PakeSetup / PAKE_SETUP: Pake[PakeContext, PakeOperation], Both, KeyedSetup, required, request(keyed_attrs_alg),
                    setup<'a>(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, inputs: &'a PakeInputs<'a>) -> Result<()>,
                    c pake_setup(operation: *mut c_void, attributes: Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, inputs: PakeInputsPtr);
                /// `pake_output`: write the next message of `step`; returns its length. `rng`
                /// draws the ephemeral secrets (the core's randomness, as for `generate_key`).
                pake_output / PakeOutput / PAKE_OUTPUT: Pake[PakeContext, PakeOperation], Both, Step, required, request(none),
                    step<'a>(step: PakeStep, output: &'a mut [u8], rng: Rng<'a>) -> Result<usize>,
                    c pake_output(operation: *mut c_void, step: u8, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `pake_input`: take the peer's message of `step` (`INVALID_SIGNATURE` for a
                /// key confirmation that does not verify).
                pake_input / PakeInput / PAKE_INPUT: Pake[PakeContext, PakeOperation], Both, Step, required, request(none),
                    step<'a>(step: PakeStep, input: &'a [u8]) -> Result<()>,
                    c pake_input(operation: *mut c_void, step: u8, input: *const u8, input_length: usize);
                /// `pake_get_shared_key` (Mbed TLS 3.6: `pake_get_implicit_key`): write the shared
                /// secret, which the core stores as the key `psa_pake_get_shared_key` creates.
                pake_get_shared_key / PakeGetSharedKey / PAKE_GET_SHARED_KEY: Pake[PakeContext, PakeOperation], Both, Step, required, request(none),
                    step<'a>(output: &'a mut [u8]) -> Result<usize>,
                    c finish(operation: *mut c_void, output: *mut u8, output_size: usize, output_length: *mut usize);
                /// `pake_abort`.
                pake_abort / PakeAbort / PAKE_ABORT: Pake[PakeContext, PakeOperation], Both, Abort, required, request(none),
                    abort() -> Result<()>,
                    c abort(operation: *mut c_void);

                /// `get_random`: fill `output` from a hardware random generator.
                get_random / GetRandom / GET_RANDOM: Random, TransparentOnly, Keyless, single, request(none),
                    plain<'a>(output: &'a mut [u8]) -> Result<()>,
                    c get_random(output: *mut u8, output_size: usize, output_length: *mut usize);
            }
        }
    };
}

/// Curve sizes in bits of each ECC family: (PSA name without prefix, the family byte of
/// `PSA_ECC_FAMILY_*`, sizes).
pub const ECC_CURVE_SIZES: &[(&str, u8, &[usize])] = &[
    ("SECP_K1", 0x17, &[192, 225, 256]),
    ("SECP_R1", 0x12, &[192, 224, 256, 384, 521]),
    ("SECP_R2", 0x1b, &[160]),
    ("SECT_K1", 0x27, &[163, 233, 239, 283, 409, 571]),
    ("SECT_R1", 0x22, &[163, 233, 283, 409, 571]),
    ("SECT_R2", 0x2b, &[163]),
    ("BRAINPOOL_P_R1", 0x30, &[160, 192, 224, 256, 320, 384, 512]),
    ("MONTGOMERY", 0x41, &[255, 448]),
    ("TWISTED_EDWARDS", 0x42, &[255, 448]),
];

/// The curve sizes of the ECC family with byte `family` (empty for an unknown family).
pub const fn curve_sizes(family: u8) -> &'static [usize] {
    let mut i = 0;
    while i < ECC_CURVE_SIZES.len() {
        if ECC_CURVE_SIZES[i].1 == family {
            return ECC_CURVE_SIZES[i].2;
        }
        i += 1;
    }
    &[]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_sizes_by_family() {
        assert_eq!(curve_sizes(0x12), &[192, 224, 256, 384, 521]);
        assert_eq!(curve_sizes(0x41), &[255, 448]);
        assert!(curve_sizes(0).is_empty());
    }
}
