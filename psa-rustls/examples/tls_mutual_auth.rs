//! Mutual TLS 1.3 with the client's key in the simulated secure element, against a real
//! `openssl s_server -Verify 1 -verify_return_error` on 127.0.0.1.
//!
//! It makes a test CA and certificates with the `openssl` command line in a temporary
//! directory (the client certificate certifies the element's exported public key), starts
//! the server, connects with rustls using `PsaSigningKey`, sends a line, reads the server's
//! answer, and prints one line per cryptographic operation of the connection with the
//! receipts of its PSA calls (which driver served each): rustls runs on
//! `psa_rustls::provider`, so ECDHE, every AEAD record, HMAC/HKDF, the transcript hash, the
//! verification of the server's chain and the element's signature are all PSA calls. It
//! ends with a line saying the server verified the client.
//!
//! `cargo run -p psa-rustls --example tls_mutual_auth`

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use psa_core::receipt::{Candidate, Receipt};
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, KeyAttributes, KeyType, Psa, UsageFlags,
    register_drivers,
};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_drivers::{P256Driver, SecureElement};
use psa_rustcrypto::formats;
use psa_rustls::PsaSigningKey;
use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};

register_drivers! {
    /// The device: a P-256 accelerator, the secure element and the built-in.
    pub struct Device {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

const ECDHE: &str = "ECDHE P-256: shared secret";
const SIGNATURE: &str = "CertificateVerify: client signature";

/// Group the connection's receipts into cryptographic operations, by the calls the
/// provider makes for each: an HMAC is an `import_key` of its key and a `mac_sign_setup`
/// (the updates and the finish go to the driver that took the setup, undispatched); an
/// ECDSA verification is an `import_key` of the public key, the message's `hash_compute`
/// and `verify_hash`; the client's signature is the `hash_compute` of what it signs and the
/// element's `sign_hash`; a lone `import_key` installs an AEAD record key.
fn operations(receipts: &[Receipt]) -> Vec<(&'static str, Vec<Receipt>)> {
    use EntryPoint as E;
    let mut ops = Vec::new();
    let mut i = 0;
    while i < receipts.len() {
        let at = |k: usize| receipts.get(i + k).map(|r| r.entry_point);
        let (what, n) = match (at(0), at(1), at(2)) {
            (Some(E::ImportKey), Some(E::MacSignSetup), _) => {
                ("HMAC (HKDF key schedule, Finished)", 2)
            }
            (Some(E::ImportKey), Some(E::HashCompute), Some(E::VerifyHash)) => {
                ("ECDSA verification (server cert, CertificateVerify)", 3)
            }
            (Some(E::ImportKey), ..) => ("AEAD record key installed", 1),
            (Some(E::HashCompute), Some(E::SignHash), _) => (SIGNATURE, 2),
            (Some(E::HashCompute), ..) => ("transcript hash", 1),
            (Some(E::GenerateKey), ..) => ("ECDHE P-256: ephemeral key pair", 1),
            (Some(E::ExportPublicKey), ..) => ("ECDHE P-256: key share", 1),
            (Some(E::KeyAgreement), ..) => (ECDHE, 1),
            (Some(E::AeadEncrypt), ..) => ("AEAD record sealed (client → server)", 1),
            (Some(E::AeadDecrypt), ..) => ("AEAD record opened (server → client)", 1),
            (Some(E::SignHash), ..) => (SIGNATURE, 1),
            (Some(E::GetRandom), ..) => ("random bytes", 1),
            _ => ("other", 1),
        };
        ops.push((what, receipts[i..i + n].to_vec()));
        i += n;
    }
    ops
}

/// Every receipt of the connection, in order (the recorder's own log keeps the last 64).
static KEPT: std::sync::Mutex<Vec<Receipt>> = std::sync::Mutex::new(Vec::new());

fn keep(r: &Receipt) {
    if let Ok(mut kept) = KEPT.lock() {
        kept.push(*r);
    }
}

fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn run(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let element = SecureElement::provisioned(&[0x42; 32])?;
    let psa: Arc<Psa<Device>> = Arc::new(Psa::new(Device::new(P256Driver::new(), element)));
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH))
        .with_lifetime(SE_LIFETIME);
    let id = psa.generate_key(&attributes)?;
    println!("client key generated in the secure element (location 0x800001): {id:?}");

    let mut pem = [0u8; 512];
    let n = formats::export_spki_pem(&*psa, id, &mut pem)?;
    std::fs::write(dir.join("client.pub"), &pem[..n])?;
    std::fs::write(
        dir.join("client.ext"),
        "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n",
    )?;
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n")?;
    for args in [
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ca.key",
        ][..],
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            "/CN=example CA",
            "-days",
            "1",
            "-out",
            "ca.pem",
        ],
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "server.key",
        ],
        &[
            "req",
            "-new",
            "-key",
            "server.key",
            "-subj",
            "/CN=127.0.0.1",
            "-out",
            "server.csr",
        ],
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "san.ext",
            "-out",
            "server.pem",
        ],
        &[
            "x509",
            "-new",
            "-subj",
            "/CN=psa device",
            "-force_pubkey",
            "client.pub",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-days",
            "1",
            "-extfile",
            "client.ext",
            "-out",
            "client.pem",
        ],
    ] {
        openssl(dir, args)?;
    }
    println!("test CA signed a client certificate for the element's public key");

    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut server = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            "server.pem",
            "-key",
            "server.key",
            "-CAfile",
            "ca.pem",
            "-Verify",
            "1",
            "-verify_return_error",
            "-tls1_3",
            "-rev",
            "-quiet",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let result = (|| -> Result<String, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("openssl s_server did not start".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("openssl s_server -Verify 1 -verify_return_error listening on 127.0.0.1:{port}");
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_file(dir.join("ca.pem"))?)?;
        let chain = vec![CertificateDer::from_pem_file(dir.join("client.pem"))?];
        let key = PsaSigningKey::new(psa.clone(), id)?;
        let certified = rustls::sign::CertifiedKey::new(chain, Arc::new(key));
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(psa_rustls::provider(
            psa.clone(),
        )))
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_root_certificates(roots)
        .with_client_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)));
        psa.dispatcher().recorder().reset();
        psa.dispatcher().recorder().observe(Some(keep));
        let sock = TcpStream::connect(("127.0.0.1", port))?;
        sock.set_read_timeout(Some(Duration::from_secs(10)))?;
        let conn =
            rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("127.0.0.1")?)?;
        let mut tls = BufReader::new(rustls::StreamOwned::new(conn, sock));
        tls.get_mut()
            .write_all(b"hello from the secure element\n")?;
        tls.get_mut().flush()?;
        let mut back = String::new();
        tls.read_line(&mut back)?;
        Ok(back)
    })();
    let _ = server.kill();
    let _ = server.wait();
    psa.dispatcher().recorder().observe(None);
    let back = result?;

    let kept = KEPT.lock().map(|k| k.clone()).unwrap_or_default();
    let ops = operations(&kept);
    let info = psa.dispatcher().info();
    let driver = |r: &Receipt| match r.served_by() {
        Some(Candidate::Driver(i)) => info.driver_name(i),
        Some(Candidate::Builtin) => "built-in",
        Some(Candidate::CoreStore) => "core key store",
        None => "nobody",
    };
    println!(
        "the connection's cryptographic operations, one line each ({} operations, {} dispatched PSA calls):",
        ops.len(),
        kept.len()
    );
    for (n, (what, calls)) in ops.iter().enumerate() {
        let calls: Vec<String> = calls
            .iter()
            .map(|r| format!("{} → {}", r.entry_point.name(), driver(r)))
            .collect();
        println!("  {:>3}. {what:<52} {}", n + 1, calls.join(", "));
    }
    let served = |what: &str, by: &str| {
        ops.iter()
            .filter(|(w, calls)| *w == what && calls.last().is_some_and(|r| driver(r) == by))
            .count()
    };
    if served(ECDHE, "p256") != 1 || served(SIGNATURE, "se") != 1 {
        return Err(
            "expected one ECDHE on the p256 driver and one signature in the element".into(),
        );
    }
    println!(
        "sent \"hello from the secure element\", server answered {:?}",
        back.trim_end()
    );
    if back.trim_end() == "tnemele eruces eht morf olleh" {
        println!(
            "the server verified the client: it required a certificate (-Verify 1 \
             -verify_return_error), checked the element's CertificateVerify signature and \
             answered over the authenticated connection"
        );
        Ok(())
    } else {
        Err("the server's answer is not the reversed line".into())
    }
}

fn main() -> ExitCode {
    let dir = std::env::temp_dir().join(format!("psa-tls-mutual-auth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let r = run(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
