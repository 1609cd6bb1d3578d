//! A driver with every multi-part family: its context types come from the setups' return
//! types, and the dispatcher routes every later step to it.


use psa_core::entry::{
    aead_encrypt_setup, aead_finish, aead_set_lengths, aead_set_nonce, aead_update, aead_update_ad,
    cipher_encrypt_setup, cipher_finish, cipher_set_iv, cipher_update, hash_finish, hash_setup,
    hash_update, key_derivation_input_bytes, key_derivation_output_bytes, key_derivation_setup,
    mac_sign_finish, mac_sign_setup, mac_update,
};
use psa_core::{
    psa_driver, register_drivers, Algorithm, DerivationStep, Dispatch, Error, KeyAttributes, KeyType,
    Result,
};

pub struct Accel;

/// A running hash: the bytes seen so far.
pub struct HashState(usize);
pub struct MacState(usize);
pub struct CipherState(Option<u8>);
pub struct AeadState {
    ad: usize,
    body: usize,
}
pub struct KdfState(u8);

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [
        hash_setup, hash_update, hash_finish, hash_clone, hash_abort,
        mac_sign_setup, mac_update, mac_sign_finish, mac_abort,
        cipher_encrypt_setup, cipher_set_iv, cipher_update, cipher_finish, cipher_abort,
        aead_encrypt_setup, aead_set_nonce, aead_set_lengths, aead_update_ad, aead_update,
        aead_finish, aead_abort,
        key_derivation_setup, key_derivation_input_bytes, key_derivation_output_bytes,
        key_derivation_abort,
    ],
)]
impl Accel {
    // Hash: `psa_core::Result<C>`.
    fn hash_setup(&self, alg: Algorithm) -> psa_core::Result<HashState> {
        if alg == Algorithm::SHA_256 { Ok(HashState(0)) } else { Err(Error::NotSupported) }
    }
    fn hash_update(&self, ctx: &mut HashState, input: &[u8]) -> Result<()> {
        ctx.0 += input.len();
        Ok(())
    }
    fn hash_finish(&self, ctx: &mut HashState, hash: &mut [u8]) -> Result<usize> {
        hash[0] = ctx.0 as u8;
        Ok(1)
    }
    fn hash_clone(&self, ctx: &HashState) -> Result<HashState> {
        Ok(HashState(ctx.0))
    }
    fn hash_abort(&self, _ctx: &mut HashState) -> Result<()> {
        Ok(())
    }

    // MAC, sign side only: `Result<C, Error>`.
    fn mac_sign_setup(&self, _attributes: &KeyAttributes, key_buffer: &[u8], _alg: Algorithm) -> Result<MacState, Error> {
        Ok(MacState(key_buffer.len()))
    }
    fn mac_update(&self, ctx: &mut MacState, input: &[u8]) -> Result<()> {
        ctx.0 += input.len();
        Ok(())
    }
    fn mac_sign_finish(&self, ctx: &mut MacState, mac: &mut [u8]) -> Result<usize> {
        mac[0] = ctx.0 as u8;
        Ok(1)
    }
    fn mac_abort(&self, _ctx: &mut MacState) -> Result<()> {
        Ok(())
    }

    // Cipher, encryption only.
    fn cipher_encrypt_setup(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm) -> Result<CipherState> {
        Ok(CipherState(None))
    }
    fn cipher_set_iv(&self, ctx: &mut CipherState, iv: &[u8]) -> Result<()> {
        ctx.0 = iv.first().copied();
        Ok(())
    }
    fn cipher_update(&self, ctx: &mut CipherState, input: &[u8], output: &mut [u8]) -> Result<usize> {
        let key = ctx.0.ok_or(Error::BadState)?;
        for (o, i) in output.iter_mut().zip(input) {
            *o = i ^ key;
        }
        Ok(input.len())
    }
    fn cipher_finish(&self, _ctx: &mut CipherState, _output: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    fn cipher_abort(&self, _ctx: &mut CipherState) -> Result<()> {
        Ok(())
    }

    // AEAD, encryption only, with the optional `aead_set_lengths`.
    fn aead_encrypt_setup(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm) -> Result<AeadState> {
        Ok(AeadState { ad: 0, body: 0 })
    }
    fn aead_set_nonce(&self, _ctx: &mut AeadState, _nonce: &[u8]) -> Result<()> {
        Ok(())
    }
    fn aead_set_lengths(&self, _ctx: &mut AeadState, _ad_length: usize, _plaintext_length: usize) -> Result<()> {
        Ok(())
    }
    fn aead_update_ad(&self, ctx: &mut AeadState, input: &[u8]) -> Result<()> {
        ctx.ad += input.len();
        Ok(())
    }
    fn aead_update(&self, ctx: &mut AeadState, input: &[u8], _output: &mut [u8]) -> Result<usize> {
        ctx.body += input.len();
        Ok(input.len())
    }
    fn aead_finish(&self, ctx: &mut AeadState, _ciphertext: &mut [u8], tag: &mut [u8]) -> Result<(usize, usize)> {
        tag[0] = (ctx.ad + ctx.body) as u8;
        Ok((0, 1))
    }
    fn aead_abort(&self, _ctx: &mut AeadState) -> Result<()> {
        Ok(())
    }

    // Key derivation.
    fn key_derivation_setup(&self, _alg: Algorithm) -> Result<KdfState> {
        Ok(KdfState(0))
    }
    fn key_derivation_input_bytes(&self, ctx: &mut KdfState, _step: DerivationStep, data: &[u8]) -> Result<()> {
        ctx.0 = ctx.0.wrapping_add(data.len() as u8);
        Ok(())
    }
    fn key_derivation_output_bytes(&self, ctx: &mut KdfState, output: &mut [u8]) -> Result<()> {
        output.fill(ctx.0);
        Ok(())
    }
    fn key_derivation_abort(&self, _ctx: &mut KdfState) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        transparent: [accel: Accel],
        builtin: true,
    }
}

fn main() {
    let app = App::new(Accel);
    let key = KeyAttributes::new().with_type(KeyType::AES).with_bits(128);

    // Hash, with a clone.
    let mut op = app.hash_setup(hash_setup::Args { alg: Algorithm::SHA_256 }).unwrap();
    assert!(matches!(op, AppHashOperation::Accel(_)));
    app.hash_update(&mut op, hash_update::Args { input: b"abc" }).unwrap();
    let mut copy = app.hash_clone(&op).unwrap();
    app.hash_update(&mut copy, hash_update::Args { input: b"de" }).unwrap();
    let mut digest = [0u8; 1];
    assert_eq!(app.hash_finish(&mut op, hash_finish::Args { hash: &mut digest }), Ok(1));
    assert_eq!(digest, [3]);
    assert_eq!(app.hash_finish(&mut copy, hash_finish::Args { hash: &mut digest }), Ok(1));
    assert_eq!(digest, [5]);
    app.hash_abort(&mut op).unwrap();
    app.hash_abort(&mut copy).unwrap();

    // MAC.
    let mut mac = app
        .mac_sign_setup(mac_sign_setup::Args { attributes: &key, key_buffer: &[0; 16], alg: Algorithm::CMAC })
        .unwrap();
    app.mac_update(&mut mac, mac_update::Args { input: b"xy" }).unwrap();
    let mut tag = [0u8; 1];
    app.mac_sign_finish(&mut mac, mac_sign_finish::Args { mac: &mut tag }).unwrap();
    assert_eq!(tag, [18]);
    app.mac_abort(&mut mac).unwrap();

    // Cipher.
    let mut cipher = app
        .cipher_encrypt_setup(cipher_encrypt_setup::Args { attributes: &key, key_buffer: &[0; 16], alg: Algorithm::CTR })
        .unwrap();
    let mut out = [0u8; 2];
    // No IV yet: the driver's own BAD_STATE comes back as is.
    assert_eq!(
        app.cipher_update(&mut cipher, cipher_update::Args { input: b"ab", output: &mut out }),
        Err(Error::BadState)
    );
    app.cipher_set_iv(&mut cipher, cipher_set_iv::Args { iv: &[1] }).unwrap();
    app.cipher_update(&mut cipher, cipher_update::Args { input: b"ab", output: &mut out }).unwrap();
    assert_eq!(&out, &[b'a' ^ 1, b'b' ^ 1]);
    app.cipher_finish(&mut cipher, cipher_finish::Args { output: &mut out }).unwrap();
    app.cipher_abort(&mut cipher).unwrap();

    // AEAD.
    let mut aead = app
        .aead_encrypt_setup(aead_encrypt_setup::Args { attributes: &key, key_buffer: &[0; 16], alg: Algorithm::GCM })
        .unwrap();
    app.aead_set_nonce(&mut aead, aead_set_nonce::Args { nonce: &[0; 12] }).unwrap();
    app.aead_set_lengths(&mut aead, aead_set_lengths::Args { ad_length: 1, plaintext_length: 2 }).unwrap();
    app.aead_update_ad(&mut aead, aead_update_ad::Args { input: b"a" }).unwrap();
    app.aead_update(&mut aead, aead_update::Args { input: b"bc", output: &mut out }).unwrap();
    let mut ciphertext = [0u8; 0];
    assert_eq!(
        app.aead_finish(&mut aead, aead_finish::Args { ciphertext: &mut ciphertext, tag: &mut tag }),
        Ok((0, 1))
    );
    assert_eq!(tag, [3]);
    app.aead_abort(&mut aead).unwrap();

    // Key derivation.
    let mut kdf = app.key_derivation_setup(key_derivation_setup::Args { alg: Algorithm::SHA_256 }).unwrap();
    app.key_derivation_input_bytes(&mut kdf, key_derivation_input_bytes::Args { step: DerivationStep::Secret, data: b"four" })
        .unwrap();
    let mut okm = [0u8; 3];
    app.key_derivation_output_bytes(&mut kdf, key_derivation_output_bytes::Args { output: &mut okm }).unwrap();
    assert_eq!(okm, [4; 3]);
    app.key_derivation_abort(&mut kdf).unwrap();
}
