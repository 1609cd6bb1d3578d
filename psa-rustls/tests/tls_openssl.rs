//! TLS 1.3 with mutual authentication against `openssl s_server -Verify 1` on loopback: the
//! client certificate's key is in the simulated secure element and signs there (rustls's
//! stock ring provider does the rest of the handshake). Application data goes both ways
//! (`s_server -rev` sends each line back reversed). A client whose certificate does not match
//! its key is rejected by the server.
//!
//! Certificates are made in the test by the `openssl` command line: a test CA, a server
//! certificate for 127.0.0.1, and a client certificate for the element's public key
//! (`openssl x509 -new -force_pubkey`, since the element's key cannot sign a CSR for OpenSSL).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
    register_drivers,
};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_drivers::{P256Driver, SecureElement};
use psa_rustcrypto::formats;
use psa_rustls::PsaSigningKey;
use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};

register_drivers! {
    /// The P-256 accelerator, the secure element and the built-in.
    pub struct App {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

fn psa() -> Arc<Psa<App>> {
    let se = SecureElement::provisioned(&[0x42; 32]).expect("scalar");
    Arc::new(Psa::new(App::new(P256Driver::new(), se)))
}

struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("psa-rustls-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Kills the server when the test ends, whatever happens.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn element_key(psa: &Psa<App>) -> KeyId {
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH))
        .with_lifetime(SE_LIFETIME);
    psa.generate_key(&attributes).unwrap()
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate for `client_key`'s
/// public key, in `dir`.
fn certificates(dir: &TempDir, psa: &Psa<App>, client_key: KeyId) {
    let d = &dir.0;
    openssl(
        d,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ca.key",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            "/CN=psa test CA",
            "-days",
            "1",
            "-out",
            "ca.pem",
        ],
    );
    openssl(
        d,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "server.key",
        ],
    );
    openssl(
        d,
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
    );
    std::fs::write(dir.path("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        d,
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
    );
    let mut pem = [0u8; 512];
    let n = formats::export_spki_pem(psa, client_key, &mut pem).unwrap();
    std::fs::write(dir.path("client.pub"), &pem[..n]).unwrap();
    // Extensions make it a v3 certificate, which webpki requires.
    std::fs::write(
        dir.path("client.ext"),
        "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n",
    )
    .unwrap();
    openssl(
        d,
        &[
            "x509",
            "-new",
            "-subj",
            "/CN=psa client",
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
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(dir: &TempDir) -> (Server, u16) {
    let port = free_port();
    let child = Command::new("openssl")
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
        .current_dir(&dir.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_server");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

fn client_config(
    dir: &TempDir,
    key: PsaSigningKey<App, psa_core::DefaultEntropy, 32>,
) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(dir.path("ca.pem")).unwrap())
        .unwrap();
    let chain = vec![CertificateDer::from_pem_file(dir.path("client.pem")).unwrap()];
    let certified = rustls::sign::CertifiedKey::new(chain, Arc::new(key));
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_client_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)))
}

/// As [`client_config`], with every operation on `psa_rustls::provider`.
fn psa_client_config(
    dir: &TempDir,
    key: PsaSigningKey<App, psa_core::DefaultEntropy, 32>,
    psa: Arc<Psa<App>>,
) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(dir.path("ca.pem")).unwrap())
        .unwrap();
    let chain = vec![CertificateDer::from_pem_file(dir.path("client.pem")).unwrap()];
    let certified = rustls::sign::CertifiedKey::new(chain, Arc::new(key));
    rustls::ClientConfig::builder_with_provider(Arc::new(psa_rustls::provider(psa)))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_client_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)))
}

/// Connect, send `line`, read one line back.
fn exchange(config: rustls::ClientConfig, port: u16, line: &str) -> std::io::Result<String> {
    // The server accepts once; s_server may need a moment after the probe connection.
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    sock.set_read_timeout(Some(Duration::from_secs(10)))?;
    sock.set_write_timeout(Some(Duration::from_secs(10)))?;
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, sock);
    tls.write_all(line.as_bytes())?;
    tls.write_all(b"\n")?;
    tls.flush()?;
    let mut reader = BufReader::new(tls);
    let mut back = String::new();
    reader.read_line(&mut back)?;
    Ok(back.trim_end().to_string())
}

#[test]
fn tls_psa_client_with_a_secure_element_key_against_openssl_s_server_mutual_auth() {
    let dir = TempDir::new("mutual");
    let psa = psa();
    let id = element_key(&psa);
    certificates(&dir, &psa, id);
    let (_server, port) = start_server(&dir);
    let key = PsaSigningKey::new(psa.clone(), id).unwrap();
    psa.dispatcher().recorder().reset();
    let back = exchange(
        client_config(&dir, key),
        port,
        "hello from the secure element",
    )
    .unwrap();
    // s_server -rev echoes the line reversed: data went both ways over the authenticated
    // connection.
    assert_eq!(back, "tnemele eruces eht morf olleh");
    // The CertificateVerify signature was made in the element.
    let rec = psa.dispatcher().recorder();
    assert_eq!(
        rec.hits(
            psa_core::receipt::Candidate::Driver(1),
            EntryPoint::SignHash
        ),
        1
    );
}

#[test]
fn tls_a_client_whose_key_does_not_match_its_certificate_is_rejected() {
    let dir = TempDir::new("wrong");
    let psa = psa();
    let certified = element_key(&psa);
    certificates(&dir, &psa, certified);
    let other = element_key(&psa);
    let (_server, port) = start_server(&dir);
    let key = PsaSigningKey::new(psa.clone(), other).unwrap();
    let r = exchange(client_config(&dir, key), port, "should not arrive");
    let err = r.expect_err("the server accepted a client whose key does not match its certificate");
    // OpenSSL checks CertificateVerify against the certificate and sends `decrypt_error`.
    assert!(err.to_string().contains("DecryptError"), "{err}");
}

/// `openssl s_client` against a rustls server on the PSA provider whose certificate key is in
/// the element: the client verifies the chain to the test CA (`-verify_return_error`), sends
/// a line, and the server answers it upper-cased.
#[test]
fn tls_psa_server_with_a_secure_element_key_against_openssl_s_client() {
    let dir = TempDir::new("server");
    let psa = psa();
    let id = element_key(&psa);
    let d = &dir.0;
    openssl(
        d,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ca.key",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            "/CN=psa test CA",
            "-days",
            "1",
            "-out",
            "ca.pem",
        ],
    );
    let mut pem = [0u8; 512];
    let n = formats::export_spki_pem(&*psa, id, &mut pem).unwrap();
    std::fs::write(dir.path("server.pub"), &pem[..n]).unwrap();
    std::fs::write(dir.path("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        d,
        &[
            "x509",
            "-new",
            "-subj",
            "/CN=127.0.0.1",
            "-force_pubkey",
            "server.pub",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-days",
            "1",
            "-extfile",
            "san.ext",
            "-out",
            "server.pem",
        ],
    );
    let chain = vec![CertificateDer::from_pem_file(dir.path("server.pem")).unwrap()];
    let key = PsaSigningKey::new(psa.clone(), id).unwrap();
    let certified = rustls::sign::CertifiedKey::new(chain, Arc::new(key));
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(psa_rustls::provider(psa.clone())))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = Arc::new(config);
    let server = std::thread::spawn(move || -> std::io::Result<String> {
        let (sock, _) = listener.accept()?;
        sock.set_read_timeout(Some(Duration::from_secs(10)))?;
        let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
        let mut tls = BufReader::new(rustls::StreamOwned::new(conn, sock));
        let mut line = String::new();
        tls.read_line(&mut line)?;
        let tls = tls.get_mut();
        tls.write_all(line.to_uppercase().as_bytes())?;
        tls.flush()?;
        Ok(line)
    });
    psa.dispatcher().recorder().reset();
    let mut client = Server(
        Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                &format!("127.0.0.1:{port}"),
                "-CAfile",
                "ca.pem",
                "-verify_return_error",
                "-tls1_3",
                "-quiet",
            ])
            .current_dir(&dir.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_client"),
    );
    let mut stdin = client.0.stdin.take().unwrap();
    stdin.write_all(b"hello from openssl\n").unwrap();
    stdin.flush().unwrap();
    let received = server.join().unwrap().unwrap();
    assert_eq!(received, "hello from openssl\n");
    let mut out = BufReader::new(client.0.stdout.take().unwrap());
    let mut answer = String::new();
    out.read_line(&mut answer).unwrap();
    assert_eq!(answer, "HELLO FROM OPENSSL\n");
    // The server's CertificateVerify was signed in the element.
    let rec = psa.dispatcher().recorder();
    assert_eq!(
        rec.hits(
            psa_core::receipt::Candidate::Driver(1),
            EntryPoint::SignHash
        ),
        1
    );
}

/// A stock rustls server (its ring provider, client certificates required and verified
/// against the test CA) and a rustls client on the PSA provider whose key is in the element,
/// in one process over loopback; then the server's view of the client's certificate is
/// checked.
#[test]
fn tls_psa_client_against_a_stock_rustls_server_with_client_auth() {
    let dir = TempDir::new("rustls-peer");
    let psa = psa();
    let id = element_key(&psa);
    certificates(&dir, &psa, id);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(dir.path("ca.pem")).unwrap())
        .unwrap();
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .unwrap();
    let server_chain = vec![CertificateDer::from_pem_file(dir.path("server.pem")).unwrap()];
    let server_key =
        rustls::pki_types::PrivateKeyDer::from_pem_file(dir.path("server.key")).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(server_chain, server_key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client_cert = CertificateDer::from_pem_file(dir.path("client.pem")).unwrap();
    let server = std::thread::spawn(move || -> std::io::Result<bool> {
        let (sock, _) = listener.accept()?;
        sock.set_read_timeout(Some(Duration::from_secs(10)))?;
        let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
        let mut tls = BufReader::new(rustls::StreamOwned::new(conn, sock));
        let mut line = String::new();
        tls.read_line(&mut line)?;
        let reversed: String = line.trim_end().chars().rev().collect();
        let tls = tls.get_mut();
        let verified = tls
            .conn
            .peer_certificates()
            .is_some_and(|c| c.first() == Some(&client_cert));
        tls.write_all(format!("{reversed}\n").as_bytes())?;
        tls.flush()?;
        Ok(verified)
    });
    let key = PsaSigningKey::new(psa.clone(), id).unwrap();
    // The client runs entirely on the PSA provider; the server on ring.
    let back = exchange(
        psa_client_config(&dir, key, psa.clone()),
        port,
        "stock rustls peer",
    )
    .unwrap();
    assert_eq!(back, "reep sltsur kcots");
    assert!(
        server.join().unwrap().unwrap(),
        "the server saw the element's certificate"
    );
}

/// Calls of `ep` served by any candidate (the P-256 driver, the element, the built-in).
fn served(psa: &Psa<App>, ep: EntryPoint) -> u32 {
    use psa_core::receipt::Candidate;
    let rec = psa.dispatcher().recorder();
    [
        Candidate::Driver(0),
        Candidate::Driver(1),
        Candidate::Builtin,
    ]
    .into_iter()
    .map(|c| rec.hits(c, ep))
    .sum()
}

/// The whole handshake through PSA: the client uses `psa_rustls::provider` (ECDHE P-256,
/// the AEAD, HMAC/HKDF, the transcript hash, ECDSA verification of the server's chain and
/// CertificateVerify, random) and its key is in the element; once per TLS 1.3 suite, which
/// the server forces.
#[test]
fn tls_the_psa_provider_against_openssl_s_server_for_every_tls13_suite() {
    for suite in [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
    ] {
        let dir = TempDir::new(&format!("provider-{suite}"));
        let psa = psa();
        let id = element_key(&psa);
        certificates(&dir, &psa, id);
        let port = free_port();
        let child = Command::new("openssl")
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
                "-ciphersuites",
                suite,
                "-rev",
                "-quiet",
            ])
            .current_dir(&dir.0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let _server = Server(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "s_server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_file(dir.path("ca.pem")).unwrap())
            .unwrap();
        let chain = vec![CertificateDer::from_pem_file(dir.path("client.pem")).unwrap()];
        let key = PsaSigningKey::new(psa.clone(), id).unwrap();
        let certified = rustls::sign::CertifiedKey::new(chain, Arc::new(key));
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(psa_rustls::provider(
            psa.clone(),
        )))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_client_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)));
        psa.dispatcher().recorder().reset();
        let back = exchange(config, port, &format!("over {suite}")).unwrap();
        let expected: String = format!("over {suite}").chars().rev().collect();
        assert_eq!(back, expected, "{suite}");
        for ep in [
            EntryPoint::GenerateKey,
            EntryPoint::KeyAgreement,
            EntryPoint::AeadEncrypt,
            EntryPoint::AeadDecrypt,
            EntryPoint::MacSignSetup,
            EntryPoint::HashCompute,
            EntryPoint::VerifyHash,
            EntryPoint::SignHash,
        ] {
            assert!(served(&psa, ep) > 0, "{suite}: no {ep:?} through PSA");
        }
    }
}
