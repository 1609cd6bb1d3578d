// The expansion of the input below, as `cargo test -p psa-driver-macros` checks it.
// Regenerate with `PSA_BLESS=1 cargo test -p psa-driver-macros` and review the diff.
// This file is not compiled.
//
// #[psa_driver(
//     prefix = "p256",
//     kind = "transparent",
//     entry_points = [sign_hash, hash_setup, hash_update, hash_finish, hash_abort],
//     capability(
//         entry_points = [sign_hash],
//         algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
//         key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
//         key_sizes = [256],
//     ),
//     guard = not_in_low_power_mode,
// )]
// impl P256 {
//     fn sign_hash(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm,
//                  hash: &[u8], signature: &mut [u8], rng: Rng<'_>) -> Result<usize> { ... }
//     fn hash_setup(&self, alg: Algorithm) -> Result<Sha256State> { ... }
//     fn hash_update(&self, ctx: &mut Sha256State, input: &[u8]) -> Result<()> { ... }
//     fn hash_finish(&self, ctx: &mut Sha256State, hash: &mut [u8]) -> Result<usize> { ... }
//     fn hash_abort(&self, ctx: Sha256State) -> Result<()> { ... }
// }

impl P256 {
    fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        self.sign(attributes, key_buffer, alg, hash, signature, rng)
    }

    fn hash_setup(&self, alg: Algorithm) -> Result<Sha256State> {
        Sha256State::new(alg)
    }

    fn hash_update(&self, ctx: &mut Sha256State, input: &[u8]) -> Result<()> {
        ctx.update(input)
    }

    fn hash_finish(&self, ctx: &mut Sha256State, hash: &mut [u8]) -> Result<usize> {
        ctx.finish(hash)
    }

    fn hash_abort(&self, ctx: Sha256State) -> Result<()> {
        drop(ctx);
        Ok(())
    }
}

const _: () = {
    use ::psa_core::__private as __psa;
    #[automatically_derived]
    #[diagnostic::do_not_recommend]
    impl __psa::Driver for P256 {
        type Itself = Self;
        const PREFIX: &'static str = "p256";
        const KIND: __psa::DriverKind = __psa::DriverKind::Transparent;
        const LOCATION: __psa::Location = __psa::Location::LOCAL_STORAGE;
        const ENTRY_POINTS: __psa::EntryPointSet = __psa::EntryPointSet::of(&[
            __psa::EntryPoint::HashSetup,
            __psa::EntryPoint::HashUpdate,
            __psa::EntryPoint::HashFinish,
            __psa::EntryPoint::HashAbort,
            __psa::EntryPoint::SignHash,
        ]);
        const CAPABILITIES: &'static [__psa::Capability] = &[__psa::Capability {
            entry_points: __psa::EntryPointSet::of(&[__psa::EntryPoint::SignHash]),
            algorithms: &[Algorithm::ecdsa(Algorithm::ANY_HASH)],
            key_types: &[KeyType::ecc_key_pair(EccFamily::SECP_R1)],
            key_sizes: &[256],
            fallback: true,
        }];
        const GUARD: __psa::Option<fn(&__psa::Request) -> bool> = {
            let guard: fn(&__psa::Request) -> bool = not_in_low_power_mode;
            __psa::Some(guard)
        };

        type HashContext = Sha256State;
        type MacContext = __psa::NoContext;
        type CipherContext = __psa::NoContext;
        type AeadContext = __psa::NoContext;
        type KeyDerivationContext = __psa::NoContext;
        type PakeContext = __psa::NoContext;
        const HASH_SETUP: __psa::Option<
            __psa::entry::hash_setup::DriverFn<Self, Self::HashContext>,
        > = {
            let method: __psa::entry::hash_setup::DriverFn<Self, Self::HashContext> =
                Self::hash_setup;
            __psa::Some(method)
        };

        const HASH_UPDATE: __psa::Option<
            __psa::entry::hash_update::DriverFn<Self, Self::HashContext>,
        > = {
            let method: __psa::entry::hash_update::DriverFn<Self, Self::HashContext> =
                Self::hash_update;
            __psa::Some(method)
        };

        const HASH_FINISH: __psa::Option<
            __psa::entry::hash_finish::DriverFn<Self, Self::HashContext>,
        > = {
            let method: __psa::entry::hash_finish::DriverFn<Self, Self::HashContext> =
                Self::hash_finish;
            __psa::Some(method)
        };

        const HASH_ABORT: __psa::Option<
            __psa::entry::hash_abort::DriverFn<Self, Self::HashContext>,
        > = {
            let method: __psa::entry::hash_abort::DriverFn<Self, Self::HashContext> =
                Self::hash_abort;
            __psa::Some(method)
        };

        const SIGN_HASH: __psa::Option<__psa::entry::sign_hash::DriverFn<Self>> = {
            let method: __psa::entry::sign_hash::DriverFn<Self> = Self::sign_hash;
            __psa::Some(method)
        };
    }

    const _: () = __psa::assert!(
        __psa::key_size_fits(
            <P256 as __psa::Driver>::CAPABILITIES[0].key_types[0],
            <P256 as __psa::Driver>::CAPABILITIES[0].key_sizes[0],
        ),
        "key size `256` can never match: no curve of key type `KeyType::ecc_key_pair(EccFamily::SECP_R1)` has that size; list a size of that curve family, or put this size in a capability for another key type"
    );
    const _: () = __psa::assert!(
        __psa::algorithm_fits(
            <P256 as __psa::Driver>::CAPABILITIES[0].algorithms[0],
            <P256 as __psa::Driver>::CAPABILITIES[0].key_types[0],
        ),
        "algorithm `Algorithm::ecdsa(Algorithm::ANY_HASH)` can never match: it cannot be used with key type `KeyType::ecc_key_pair(EccFamily::SECP_R1)`, so no request fits both; put them in separate capabilities"
    );
};
