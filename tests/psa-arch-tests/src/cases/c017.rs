//! test_c017: `psa_generate_random`: writes exactly the requested bytes (a trailer after them
//! stays), and over ten runs every byte is nonzero at least once.

use psa_core::Dispatch;

use crate::harness::{Cx, Feature, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    output_size: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    output_size: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_generate_random to get 0 Byte data",
        needs: &[],
        output_size: 0,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 16 Byte data",
        needs: &[],
        output_size: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 24 Byte data",
        needs: &[],
        output_size: 24,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 32 Byte data",
        needs: &[],
        output_size: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 64 Byte data",
        needs: &[],
        output_size: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 128 Byte data",
        needs: &[],
        output_size: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 256 Byte data",
        needs: &[],
        output_size: 256,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 512 Byte data",
        needs: &[],
        output_size: 512,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_random to get 1000 Byte data",
        needs: &[],
        output_size: 1000,
        expected_status: SUCCESS,
        ..BASE
    },
];

const TRAIL: &[u8] = b"don't overwrite me\0";

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let n = e.output_size;
            let mut buffer = vec![0u8; n + TRAIL.len()];
            buffer[n..].copy_from_slice(TRAIL);
            let mut changed = vec![0u32; n];
            for _ in 0..10 {
                buffer[..n].fill(0);
                let got = psa.generate_random(&mut buffer[..n]);
                expect("generate_random", got, e.expected_status)?;
                crate::ensure!(&buffer[n..] == TRAIL, "bytes past the output were written");
                for (c, b) in changed.iter_mut().zip(&buffer[..n]) {
                    *c += u32::from(*b != 0);
                }
            }
            if let Some(j) = changed.iter().position(|&c| c == 0) {
                return Err(crate::harness::Failure(format!(
                    "byte {j} stayed zero in all ten runs"
                )));
            }
            Ok(())
        });
    }
}
