//! Built-in SHA-2 against published vectors: NIST CAVP short messages, the FIPS 180-2
//! examples, single-part, multi-part split at every boundary, and `hash_clone`.

#![cfg(feature = "builtin-hash")]

use psa_core::builtin::{self, HashContext};
use psa_core::{Algorithm, Error, entry};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test vector hex")
}

/// CAVP writes the empty message as `Len = 0`, `Msg = 00`.
fn message(len_bits: usize, msg: &str) -> Vec<u8> {
    let mut m = unhex(msg);
    m.truncate(len_bits / 8);
    m
}

fn compute(alg: Algorithm, input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = [0u8; 64];
    let n = builtin::hash_compute(&mut entry::hash_compute::Args {
        alg,
        input,
        hash: &mut out,
    })?;
    Ok(out[..n].to_vec())
}

fn setup(alg: Algorithm) -> Result<HashContext, Error> {
    builtin::hash_setup(&mut entry::hash_setup::Args { alg })
}

fn update(ctx: &mut HashContext, input: &[u8]) -> Result<(), Error> {
    builtin::hash_update(ctx, &mut entry::hash_update::Args { input })
}

fn finish(ctx: &mut HashContext) -> Result<Vec<u8>, Error> {
    let mut out = [0u8; 64];
    let n = builtin::hash_finish(ctx, &mut entry::hash_finish::Args { hash: &mut out })?;
    Ok(out[..n].to_vec())
}

/// Multi-part: `parts` fed one `hash_update` each.
fn multipart(alg: Algorithm, parts: &[&[u8]]) -> Vec<u8> {
    let mut ctx = setup(alg).unwrap();
    for p in parts {
        update(&mut ctx, p).unwrap();
    }
    let digest = finish(&mut ctx).unwrap();
    builtin::hash_abort(&mut ctx).unwrap();
    digest
}

/// NIST CAVP `shabytetestvectors/SHA224ShortMsg.rsp` (CAVS 11.0): (Len in bits, Msg, MD).
const SHA224_SHORT_MSG: &[(usize, &str, &str)] = &[
    (
        0,
        "00",
        "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
    ),
    (
        8,
        "84",
        "3cd36921df5d6963e73739cf4d20211e2d8877c19cff087ade9d0e3a",
    ),
    (
        16,
        "5c7b",
        "daff9bce685eb831f97fc1225b03c275a6c112e2d6e76f5faf7a36e6",
    ),
    (
        24,
        "51ca3d",
        "2c8959023515476e38388abb43599a29876b4b33d56adc06032de3a2",
    ),
    (
        440,
        "445e8698eeb8accbaac4ffa7d934fffd16014a430ef70f3a9174c6cfe96d1e3f6ab1377f4a7212dbb30146dd17d9f470c4dffc45b8e871",
        "4c7ae028c0fe61f2a9cada61fae30685b77f04c6442576e912af9fa6",
    ),
    (
        448,
        "52839f2f0853a30df14ec897a1914c685c1ac21470d00654c8c37663bfb65fa732dbb694d9dd09ced723b48d8f545846ba168988b61cc724",
        "2f755a57674b49d5c25cb37348f35b6fd2de2552c749f2645ba63d20",
    ),
    (
        504,
        "716944de41710c29b659be10480bb25a351a39e577ee30e8f422d57cf62ad95bda39b6e70c61426e33fd84aca84cc7912d5eee45dc34076a5d2323a15c7964",
        "61645ac748db567ac862796b8d06a47afebfa2e1783d5c5f3bcd81e2",
    ),
    (
        512,
        "a3310ba064be2e14ad32276e18cd0310c933a6e650c3c754d0243c6c61207865b4b65248f66a08edf6e0832689a9dc3a2e5d2095eeea50bd862bac88c8bd318d",
        "b2a5586d9cbf0baa999157b4af06d88ae08d7c9faab4bc1a96829d65",
    ),
];

/// NIST CAVP `shabytetestvectors/SHA256ShortMsg.rsp` (CAVS 11.0): (Len in bits, Msg, MD).
const SHA256_SHORT_MSG: &[(usize, &str, &str)] = &[
    (
        0,
        "00",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    (
        8,
        "d3",
        "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1",
    ),
    (
        16,
        "11af",
        "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98",
    ),
    (
        24,
        "b4190e",
        "dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2",
    ),
    (
        440,
        "3ebfb06db8c38d5ba037f1363e118550aad94606e26835a01af05078533cc25f2f39573c04b632f62f68c294ab31f2a3e2a1a0d8c2be51",
        "6595a2ef537a69ba8583dfbf7f5bec0ab1f93ce4c8ee1916eff44a93af5749c4",
    ),
    (
        448,
        "2d52447d1244d2ebc28650e7b05654bad35b3a68eedc7f8515306b496d75f3e73385dd1b002625024b81a02f2fd6dffb6e6d561cb7d0bd7a",
        "cfb88d6faf2de3a69d36195acec2e255e2af2b7d933997f348e09f6ce5758360",
    ),
    (
        504,
        "e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde92d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb",
        "18041bd4665083001fba8c5411d2d748e8abbfdcdfd9218cb02b68a78e7d4c23",
    ),
    (
        512,
        "5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
        "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa",
    ),
];

/// NIST CAVP `shabytetestvectors/SHA384ShortMsg.rsp` (CAVS 11.0): (Len in bits, Msg, MD).
const SHA384_SHORT_MSG: &[(usize, &str, &str)] = &[
    (
        0,
        "00",
        "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
    ),
    (
        8,
        "c5",
        "b52b72da75d0666379e20f9b4a79c33a329a01f06a2fb7865c9062a28c1de860ba432edfd86b4cb1cb8a75b46076e3b1",
    ),
    (
        16,
        "6ece",
        "53d4773da50d8be4145d8f3a7098ff3691a554a29ae6f652cc7121eb8bc96fd2210e06ae2fa2a36c4b3b3497341e70f0",
    ),
    (
        24,
        "1fa4d5",
        "e4ca4663dff189541cd026dcc056626419028774666f5b379b99f4887c7237bdbd3bea46d5388be0efc2d4b7989ab2c4",
    ),
    (
        888,
        "a04f390a9cc2effad05db80d9076a8d4b6cc8bba97b27b423670b290b8e69c2b187230011c1481ac88d090f39154659494db5e410851c6e8b2b8a93717cae76037e0881978124fe7e1a0929d8891491f4e99646cc94062dc82411fa66130eda46560e75b98048236439465125e737b",
        "e7089d72945cef851e689b4409cfb63d135f0b5cdfb0dac6c3a292dd70371ab4b79da1997d7992906ac7213502662920",
    ),
    (
        896,
        "f419494c3c6d0727b3395a483a2167182a7252f4fd099c2d4b71b053f94bb8b3adf3b51e8460cfec084ce9415c95798fbae4975c208c544645b54c44d2b97f2ecfce5c805be61f5ba1d35dcc07afdd51a87baa990506668cf710e18be9b0ebf943f366fa29c69f7a6616de72a3353b66",
        "aead8688c58c6ba4e9cadb4756b465dce0fb06f1cfaa478197f2ea89414e47e9572034adfed160703c79b82b3fd7ab78",
    ),
    (
        1016,
        "dbed7612448d46cbe0a384d1c93233f02ffd1c984ba765299518656d3723b766c1658d4b1e7047cdc729459e366ef9349efc40cbd990f2a9a24db7a5045e1dea12dce8f9d9f2aaed933f93031e7b8959ac5e7bf6bbbdf30b48f7eb783f8fe292371a2f245c5c94b4acae160767a20ce7c0ea7723d97691d8eedda9efd1fe2d",
        "fb531a1ed181c732311e56f4b56ed91dcacc0dd6bf1eb4a44be6f87dd7cb1ef9dfb0310f4a79eaaa3f32bf3914d8624e",
    ),
    (
        1024,
        "3bf52cc5ee86b9a0190f390a5c0366a560b557000dbe5115fd9ee11630a62769011575f15881198f227876e8fe685a6939bc8b89fd48a34ec5e71e131462b2886794dffa68ccc6d564733e67ffef25e627c6f4b5460796e3bce67bf58ca6e8e555bc916a8531697ac948b90dc8616f25101db90b50c3d3dbc9e21e42ff387187",
        "12b6cb35eda92ee37356ddee77781a17b3d90e563824a984faffc6fdd1693bd7626039635563cfc3b9a2b00f9c65eefd",
    ),
];

/// NIST CAVP `shabytetestvectors/SHA512ShortMsg.rsp` (CAVS 11.0): (Len in bits, Msg, MD).
const SHA512_SHORT_MSG: &[(usize, &str, &str)] = &[
    (
        0,
        "00",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    ),
    (
        8,
        "21",
        "3831a6a6155e509dee59a7f451eb35324d8f8f2df6e3708894740f98fdee23889f4de5adb0c5010dfb555cda77c8ab5dc902094c52de3278f35a75ebc25f093a",
    ),
    (
        16,
        "9083",
        "55586ebba48768aeb323655ab6f4298fc9f670964fc2e5f2731e34dfa4b0c09e6e1e12e3d7286b3145c61c2047fb1a2a1297f36da64160b31fa4c8c2cddd2fb4",
    ),
    (
        24,
        "0a55db",
        "7952585e5330cb247d72bae696fc8a6b0f7d0804577e347d99bc1b11e52f384985a428449382306a89261ae143c2f3fb613804ab20b42dc097e5bf4a96ef919b",
    ),
    (
        888,
        "324533e685f1852e358eea8ea8b81c288b3f3beb1f2bc2b8d3fdbac318382e3d7120de30c9c237aa0a34831deb1e5e060a7969cd3a9742ec1e64b354f7eb290cba1c681c66cc7ea994fdf5614f604d1a2718aab581c1c94931b1387e4b7dc73635bf3a7301174075fa70a9227d85d3",
        "3b26c5170729d0814153becb95f1b65cd42f9a6d0649d914e4f69d938b5e9dc041cd0f5c8da0b484d7c7bc7b1bdefb08fe8b1bfedc81109345bc9e9a399feedf",
    ),
    (
        896,
        "518985977ee21d2bf622a20567124fcbf11c72df805365835ab3c041f4a9cd8a0ad63c9dee1018aa21a9fa3720f47dc48006f1aa3dba544950f87e627f369bc2793ede21223274492cceb77be7eea50e5a509059929a16d33a9f54796cde5770c74bd3ecc25318503f1a41976407aff2",
        "c00926a374cde55b8fbd77f50da1363da19744d3f464e07ce31794c5a61b6f9c85689fa1cfe136553527fd876be91673c2cac2dd157b2defea360851b6d92cf4",
    ),
    (
        1016,
        "c13e6ca3abb893aa5f82c4a8ef754460628af6b75af02168f45b72f8f09e45ed127c203bc7bb80ff0c7bd96f8cc6d8110868eb2cfc01037d8058992a6cf2effcbfe498c842e53a2e68a793867968ba18efc4a78b21cdf6a11e5de821dcabab14921ddb33625d48a13baffad6fe8272dbdf4433bd0f7b813c981269c388f001",
        "6e56f77f6883d0bd4face8b8d557f144661989f66d51b1fe4b8fc7124d66d9d20218616fea1bcf86c08d63bf8f2f21845a3e519083b937e70aa7c358310b5a7c",
    ),
    (
        1024,
        "fd2203e467574e834ab07c9097ae164532f24be1eb5d88f1af7748ceff0d2c67a21f4e4097f9d3bb4e9fbf97186e0db6db0100230a52b453d421f8ab9c9a6043aa3295ea20d2f06a2f37470d8a99075f1b8a8336f6228cf08b5942fc1fb4299c7d2480e8e82bce175540bdfad7752bc95b577f229515394f3ae5cec870a4b2f8",
        "a21b1077d52b27ac545af63b32746c6e3c51cb0cb9f281eb9f3580a6d4996d5c9917d2a6e484627a9d5a06fa1b25327a9d710e027387fc3e07d7c4d14c6086cc",
    ),
];

/// One CAVP file: (Len in bits, Msg, MD) triples.
type CavpSet = &'static [(usize, &'static str, &'static str)];

fn cavp_sets() -> [(Algorithm, CavpSet); 4] {
    [
        (Algorithm::SHA_224, SHA224_SHORT_MSG),
        (Algorithm::SHA_256, SHA256_SHORT_MSG),
        (Algorithm::SHA_384, SHA384_SHORT_MSG),
        (Algorithm::SHA_512, SHA512_SHORT_MSG),
    ]
}

#[test]
fn cavp_short_messages_single_and_multi_part() {
    let mut vectors = 0;
    let mut splits = 0;
    for (alg, set) in cavp_sets() {
        for &(len, msg, md) in set {
            let msg = message(len, msg);
            let md = unhex(md);
            assert_eq!(compute(alg, &msg).unwrap(), md, "{alg} Len = {len}");
            assert_eq!(multipart(alg, &[&msg]), md, "{alg} Len = {len} one update");
            if msg.len() < 64 {
                for at in 0..=msg.len() {
                    let (a, b) = msg.split_at(at);
                    assert_eq!(
                        multipart(alg, &[a, b]),
                        md,
                        "{alg} Len = {len} split at {at}"
                    );
                    splits += 1;
                }
            }
            vectors += 1;
        }
    }
    println!(
        "SHA-2 CAVP ShortMsg: {vectors} vectors single- and multi-part, {splits} split points"
    );
    assert!(vectors > 0 && splits > 0);
}

// FIPS 180-2 Appendices B/C ("abc", the two-block messages, one million 'a'), as in NIST's
// worked examples (csrc.nist.gov/groups/ST/toolkit/documents/Examples/SHA*.txt).
const ABC: &[(Algorithm, &str)] = &[
    (
        Algorithm::SHA_224,
        "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
    ),
    (
        Algorithm::SHA_256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ),
    (
        Algorithm::SHA_384,
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    ),
    (
        Algorithm::SHA_512,
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    ),
];
const TWO_BLOCK_256: &str = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const TWO_BLOCK_512: &str = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
const TWO_BLOCK: &[(Algorithm, &str, &str)] = &[
    (
        Algorithm::SHA_224,
        TWO_BLOCK_256,
        "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
    ),
    (
        Algorithm::SHA_256,
        TWO_BLOCK_256,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
    (
        Algorithm::SHA_384,
        TWO_BLOCK_512,
        "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
    ),
    (
        Algorithm::SHA_512,
        TWO_BLOCK_512,
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
    ),
];
const MILLION_A_SHA256: &str = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

#[test]
fn fips_180_examples() {
    let mut vectors = 0;
    for &(alg, md) in ABC {
        assert_eq!(compute(alg, b"abc").unwrap(), unhex(md), "{alg} abc");
        for at in 0..=3 {
            let (a, b) = b"abc".split_at(at);
            assert_eq!(
                multipart(alg, &[a, b]),
                unhex(md),
                "{alg} abc split at {at}"
            );
        }
        vectors += 1;
    }
    for &(alg, msg, md) in TWO_BLOCK {
        assert_eq!(
            compute(alg, msg.as_bytes()).unwrap(),
            unhex(md),
            "{alg} two-block"
        );
        vectors += 1;
    }
    let million = vec![b'a'; 1_000_000];
    assert_eq!(
        compute(Algorithm::SHA_256, &million).unwrap(),
        unhex(MILLION_A_SHA256)
    );
    let chunks: Vec<&[u8]> = million.chunks(999).collect();
    assert_eq!(
        multipart(Algorithm::SHA_256, &chunks),
        unhex(MILLION_A_SHA256)
    );
    vectors += 1;
    println!("SHA-2 FIPS 180-2 examples: {vectors} vectors");
    assert!(vectors > 0);
}

#[test]
fn clone_mid_stream_gives_the_digest_for_both_copies() {
    let mut vectors = 0;
    for (alg, set) in cavp_sets() {
        for &(len, msg, md) in set {
            let msg = message(len, msg);
            let md = unhex(md);
            let (a, b) = msg.split_at(msg.len() / 2);
            let mut original = setup(alg).unwrap();
            update(&mut original, a).unwrap();
            let mut copy = builtin::hash_clone(&original).unwrap();
            update(&mut original, b).unwrap();
            // The copy is independent: finishing the original first does not disturb it.
            assert_eq!(
                finish(&mut original).unwrap(),
                md,
                "{alg} Len = {len} original"
            );
            update(&mut copy, b).unwrap();
            assert_eq!(finish(&mut copy).unwrap(), md, "{alg} Len = {len} copy");
            builtin::hash_abort(&mut original).unwrap();
            builtin::hash_abort(&mut copy).unwrap();
            vectors += 1;
        }
    }
    println!("SHA-2 hash_clone: {vectors} vectors");
    assert!(vectors > 0);
}

#[test]
fn errors() {
    // Hashes the built-in does not compute, the wildcard, and non-hash algorithms.
    for alg in [
        Algorithm::MD5,
        Algorithm::SHA_1,
        Algorithm::SHA3_256,
        Algorithm::ANY_HASH,
    ] {
        assert_eq!(compute(alg, b"abc"), Err(Error::NotSupported), "{alg}");
        assert!(matches!(setup(alg), Err(Error::NotSupported)), "{alg}");
    }
    for alg in [
        Algorithm::hmac(Algorithm::SHA_256),
        Algorithm::CTR,
        Algorithm::NONE,
    ] {
        assert_eq!(compute(alg, b"abc"), Err(Error::InvalidArgument), "{alg}");
        assert!(matches!(setup(alg), Err(Error::InvalidArgument)), "{alg}");
    }
    // Short output: nothing written, and a multi-part context survives to be finished.
    let mut short = [0u8; 31];
    assert_eq!(
        builtin::hash_compute(&mut entry::hash_compute::Args {
            alg: Algorithm::SHA_256,
            input: b"abc",
            hash: &mut short
        }),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(short, [0u8; 31]);
    let mut ctx = setup(Algorithm::SHA_256).unwrap();
    update(&mut ctx, b"abc").unwrap();
    assert_eq!(
        builtin::hash_finish(&mut ctx, &mut entry::hash_finish::Args { hash: &mut short }),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(finish(&mut ctx).unwrap(), unhex(ABC[1].1));
    // Finished: no more input or output.
    assert_eq!(update(&mut ctx, b"x"), Err(Error::BadState));
    assert_eq!(finish(&mut ctx), Err(Error::BadState));
    assert!(format!("{ctx:?}").contains("finished"));
    builtin::hash_abort(&mut ctx).unwrap();
}
