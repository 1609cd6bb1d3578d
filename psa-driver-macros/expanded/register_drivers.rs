// The expansion of the input below, as `cargo test -p psa-driver-macros` checks it.
// Regenerate with `PSA_BLESS=1 cargo test -p psa-driver-macros` and review the diff.
// This file is not compiled.
//
// register_drivers! {
//     /// The application's dispatcher.
//     pub struct AppDispatch {
//         transparent: [
//             p256: psa_drivers::P256,
//             #[cfg(feature = "accel")]
//             accel: Accel,
//         ],
//         opaque: [se: SecureElement],
//         builtin: true,
//     }
// }

/// The application's dispatcher.
pub struct AppDispatch {
    /// The `p256` driver (`psa_drivers::P256`).
    pub p256: psa_drivers::P256,
    /// The `accel` driver (`Accel`).
    #[cfg(feature = "accel")]
    pub accel: Accel,
    /// The `se` driver (`SecureElement`).
    pub se: SecureElement,
    __psa_recorder: ::psa_core::__private::Recorder<[::psa_core::__private::RecorderRow; 5usize]>,
}

impl AppDispatch {
    /// Creates the dispatcher from its drivers, in registration order.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        p256: psa_drivers::P256,
        #[cfg(feature = "accel")] accel: Accel,
        se: SecureElement,
    ) -> Self {
        Self {
            p256,
            #[cfg(feature = "accel")]
            accel,
            se,
            __psa_recorder: ::psa_core::__private::Recorder::new(),
        }
    }

    /// The static description of this dispatcher: its drivers (transparent ones in
    /// priority order, then opaque ones) and whether the built-in implementation is the
    /// last resort.
    pub const INFO: ::psa_core::__private::DispatchInfo = {
        use ::psa_core::__private as __psa;
        const COUNT: usize = {
            #[allow(unused_mut)]
            let mut n = 0;
            n += 1;
            #[cfg(feature = "accel")]
            {
                n += 1;
            }
            n += 1;
            n
        };

        const DRIVERS: [__psa::DriverInfo; COUNT] = {
            #[allow(unused_mut)]
            let mut drivers = [__psa::VACANT_DRIVER_INFO; COUNT];
            #[allow(unused_mut)]
            let mut n = 0;
            drivers[n] = __psa::DriverInfo {
                prefix: <psa_drivers::P256 as __psa::Driver>::PREFIX,
                type_name: "psa_drivers::P256",
                kind: <psa_drivers::P256 as __psa::Driver>::KIND,
                location: <psa_drivers::P256 as __psa::Driver>::LOCATION,
                entry_points: <psa_drivers::P256 as __psa::Driver>::ENTRY_POINTS,
                capabilities: <psa_drivers::P256 as __psa::Driver>::CAPABILITIES,
                has_guard: <psa_drivers::P256 as __psa::Driver>::GUARD.is_some(),
                index: 0,
            };
            n += 1;
            #[cfg(feature = "accel")]
            {
                drivers[n] = __psa::DriverInfo {
                    prefix: <Accel as __psa::Driver>::PREFIX,
                    type_name: "Accel",
                    kind: <Accel as __psa::Driver>::KIND,
                    location: <Accel as __psa::Driver>::LOCATION,
                    entry_points: <Accel as __psa::Driver>::ENTRY_POINTS,
                    capabilities: <Accel as __psa::Driver>::CAPABILITIES,
                    has_guard: <Accel as __psa::Driver>::GUARD.is_some(),
                    index: 1,
                };
                n += 1;
            }
            drivers[n] = __psa::DriverInfo {
                prefix: <SecureElement as __psa::Driver>::PREFIX,
                type_name: "SecureElement",
                kind: <SecureElement as __psa::Driver>::KIND,
                location: <SecureElement as __psa::Driver>::LOCATION,
                entry_points: <SecureElement as __psa::Driver>::ENTRY_POINTS,
                capabilities: <SecureElement as __psa::Driver>::CAPABILITIES,
                has_guard: <SecureElement as __psa::Driver>::GUARD.is_some(),
                index: 2,
            };
            n += 1;
            __psa::assert!(n == COUNT);
            drivers
        };
        __psa::DispatchInfo {
            name: "AppDispatch",
            drivers: &DRIVERS,
            builtin: true,
        }
    };

    /// The built-in keys (`builtin_keys:`): the front-end serves them through the opaque driver at each key's location, and the bill of materials lists them.
    pub const BUILTIN_KEYS: &'static [::psa_core::BuiltinKey] = &[];
    /// The bill of materials: the resolved dispatch table (per entry point, the ordered
    /// candidates with their guards and fallback edges, the built-in, the opaque drivers
    /// by location), renderable as JSON (`to_json`, feature `json`) and Graphviz DOT
    /// (`dot`).
    pub const BOM: ::psa_core::bom::BillOfMaterials =
        ::psa_core::bom::BillOfMaterials::new(&Self::INFO).with_builtin_keys(Self::BUILTIN_KEYS);
}

/// A multi-part hash operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchHashOperation {
    /// Owned by `p256`.
    P256(<psa_drivers::P256 as ::psa_core::__private::Driver>::HashContext),
    /// Owned by `accel`.
    #[cfg(feature = "accel")]
    Accel(<Accel as ::psa_core::__private::Driver>::HashContext),
    /// Owned by the built-in implementation.
    Builtin(
        <::psa_core::__private::builtin::Builtin as ::psa_core::__private::Driver>::HashContext,
    ),
}

/// A multi-part mac operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchMacOperation {
    /// Owned by `p256`.
    P256(<psa_drivers::P256 as ::psa_core::__private::Driver>::MacContext),
    /// Owned by `accel`.
    #[cfg(feature = "accel")]
    Accel(<Accel as ::psa_core::__private::Driver>::MacContext),
    /// Owned by `se`.
    Se(<SecureElement as ::psa_core::__private::Driver>::MacContext),
    /// Owned by the built-in implementation.
    Builtin(<::psa_core::__private::builtin::Builtin as ::psa_core::__private::Driver>::MacContext),
}

/// A multi-part cipher operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchCipherOperation {
    /// Owned by `p256`.
    P256(<psa_drivers::P256 as ::psa_core::__private::Driver>::CipherContext),
    /// Owned by `accel`.
    #[cfg(feature = "accel")]
    Accel(<Accel as ::psa_core::__private::Driver>::CipherContext),
    /// Owned by `se`.
    Se(<SecureElement as ::psa_core::__private::Driver>::CipherContext),
    /// Owned by the built-in implementation.
    Builtin(
        <::psa_core::__private::builtin::Builtin as ::psa_core::__private::Driver>::CipherContext,
    ),
}

/// A multi-part aead operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchAeadOperation {
    /// Owned by `p256`.
    P256(<psa_drivers::P256 as ::psa_core::__private::Driver>::AeadContext),
    /// Owned by `accel`.
    #[cfg(feature = "accel")]
    Accel(<Accel as ::psa_core::__private::Driver>::AeadContext),
    /// Owned by `se`.
    Se(<SecureElement as ::psa_core::__private::Driver>::AeadContext),
    /// Owned by the built-in implementation.
    Builtin(
        <::psa_core::__private::builtin::Builtin as ::psa_core::__private::Driver>::AeadContext,
    ),
}

/// A multi-part key derivation operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchKeyDerivationOperation {
    # [doc = " Owned by `p256`."] P256 (< psa_drivers :: P256 as :: psa_core :: __private :: Driver > :: KeyDerivationContext) , # [doc = " Owned by `accel`."] # [cfg (feature = "accel")] Accel (< Accel as :: psa_core :: __private :: Driver > :: KeyDerivationContext) , # [doc = " Owned by `se`."] Se (< SecureElement as :: psa_core :: __private :: Driver > :: KeyDerivationContext) , # [doc = r" Owned by the built-in implementation."] Builtin (< :: psa_core :: __private :: builtin :: Builtin as :: psa_core :: __private :: Driver > :: KeyDerivationContext) , }
/// A multi-part pake operation of [`AppDispatch`]: the driver that accepted its setup, with that driver's context. A driver without this family has an uninhabited context, so its variant costs nothing and never exists.
#[allow(clippy::large_enum_variant)]
pub enum AppDispatchPakeOperation {
    /// Owned by `p256`.
    P256(<psa_drivers::P256 as ::psa_core::__private::Driver>::PakeContext),
    /// Owned by `accel`.
    #[cfg(feature = "accel")]
    Accel(<Accel as ::psa_core::__private::Driver>::PakeContext),
    /// Owned by `se`.
    Se(<SecureElement as ::psa_core::__private::Driver>::PakeContext),
    /// Owned by the built-in implementation.
    Builtin(
        <::psa_core::__private::builtin::Builtin as ::psa_core::__private::Driver>::PakeContext,
    ),
}

const _: () = {
    use ::psa_core::__private as __psa;
    #[automatically_derived]
    #[allow(unused_mut, unused_variables, unreachable_patterns)]
    impl __psa::Dispatch for AppDispatch {
        type HashOperation = AppDispatchHashOperation;
        type MacOperation = AppDispatchMacOperation;
        type CipherOperation = AppDispatchCipherOperation;
        type AeadOperation = AppDispatchAeadOperation;
        type KeyDerivationOperation = AppDispatchKeyDerivationOperation;
        type PakeOperation = AppDispatchPakeOperation;
        type Lock = __psa::lock::DefaultMutex;
        fn info(&self) -> &'static __psa::DispatchInfo {
            &Self::INFO
        }

        fn recorder(&self) -> &__psa::Recorder {
            &self.__psa_recorder
        }

        fn import_key(
            &self,
            mut args: __psa::entry::import_key::Args<'_>,
        ) -> __psa::entry::import_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::import_key::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) =
                            __psa::entry::import_key::offer::<<Accel as __psa::Driver>::Itself, _>(
                                &self.accel,
                                1,
                                &req,
                                &mut args,
                                &mut receipt,
                                __psa::entry::never,
                            )
                        {
                            return r;
                        }
                    }
                    __psa::entry::import_key::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::import_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn export_public_key(
            &self,
            mut args: __psa::entry::export_public_key::Args<'_>,
        ) -> __psa::entry::export_public_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::export_public_key::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::export_public_key::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::export_public_key::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::export_public_key::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn export_key(
            &self,
            mut args: __psa::entry::export_key::Args<'_>,
        ) -> __psa::entry::export_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::export_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn copy_key(
            &self,
            mut args: __psa::entry::copy_key::Args<'_>,
        ) -> __psa::entry::copy_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::copy_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn get_builtin_key(
            &self,
            mut args: __psa::entry::get_builtin_key::Args<'_>,
        ) -> __psa::entry::get_builtin_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::get_builtin_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn generate_key(
            &self,
            mut args: __psa::entry::generate_key::Args<'_>,
        ) -> __psa::entry::generate_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::generate_key::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::generate_key::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::generate_key::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::generate_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn allocate_key(
            &self,
            mut args: __psa::entry::allocate_key::Args<'_>,
        ) -> __psa::entry::allocate_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::allocate_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn destroy_key(
            &self,
            mut args: __psa::entry::destroy_key::Args<'_>,
        ) -> __psa::entry::destroy_key::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::destroy_key::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn hash_compute(
            &self,
            mut args: __psa::entry::hash_compute::Args<'_>,
        ) -> __psa::entry::hash_compute::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            if let __psa::Some(r) = __psa::entry::hash_compute::offer::<
                <psa_drivers::P256 as __psa::Driver>::Itself,
                _,
            >(
                &self.p256,
                0,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            ) {
                return r;
            }

            #[cfg(feature = "accel")]
            {
                if let __psa::Some(r) =
                    __psa::entry::hash_compute::offer::<<Accel as __psa::Driver>::Itself, _>(
                        &self.accel,
                        1,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                {
                    return r;
                }
            }
            __psa::entry::hash_compute::own::<<__psa::builtin::Builtin as __psa::Driver>::Itself, _>(
                &__psa::builtin::Builtin,
                3,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            )
        }

        fn hash_setup(
            &self,
            mut args: __psa::entry::hash_setup::Args,
        ) -> __psa::Result<AppDispatchHashOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            if let __psa::Some(r) =
                __psa::entry::hash_setup::offer::<<psa_drivers::P256 as __psa::Driver>::Itself, _>(
                    &self.p256,
                    0,
                    &req,
                    &mut args,
                    &mut receipt,
                    __psa::entry::never,
                )
            {
                return match r {
                    __psa::Ok(ctx) => __psa::Ok(AppDispatchHashOperation::P256(ctx)),
                    __psa::Err(e) => __psa::Err(e),
                };
            }

            #[cfg(feature = "accel")]
            {
                if let __psa::Some(r) =
                    __psa::entry::hash_setup::offer::<<Accel as __psa::Driver>::Itself, _>(
                        &self.accel,
                        1,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                {
                    return match r {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchHashOperation::Accel(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    };
                }
            }
            __psa::entry::hash_setup::own::<<__psa::builtin::Builtin as __psa::Driver>::Itself, _>(
                &__psa::builtin::Builtin,
                3,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            )
            .map(AppDispatchHashOperation::Builtin)
        }

        fn hash_update(
            &self,
            op: &mut AppDispatchHashOperation,
            mut args: __psa::entry::hash_update::Args<'_>,
        ) -> __psa::entry::hash_update::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::HashUpdate);
            match *op {
                AppDispatchHashOperation::P256(ref mut ctx) => {
                    __psa::entry::hash_update::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchHashOperation::Accel(ref mut ctx) => {
                    __psa::entry::hash_update::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchHashOperation::Builtin(ref mut ctx) => {
                    __psa::entry::hash_update::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn hash_finish(
            &self,
            op: &mut AppDispatchHashOperation,
            mut args: __psa::entry::hash_finish::Args<'_>,
        ) -> __psa::entry::hash_finish::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::HashFinish);
            match *op {
                AppDispatchHashOperation::P256(ref mut ctx) => {
                    __psa::entry::hash_finish::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchHashOperation::Accel(ref mut ctx) => {
                    __psa::entry::hash_finish::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchHashOperation::Builtin(ref mut ctx) => {
                    __psa::entry::hash_finish::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn hash_clone(
            &self,
            op: &AppDispatchHashOperation,
        ) -> __psa::Result<AppDispatchHashOperation> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::HashClone);
            match *op {
                AppDispatchHashOperation::P256(ref ctx) => match __psa::entry::hash_clone::clone::<
                    <psa_drivers::P256 as __psa::Driver>::Itself,
                >(
                    &self.p256, 0, ctx, &mut receipt
                ) {
                    __psa::Ok(ctx) => __psa::Ok(AppDispatchHashOperation::P256(ctx)),
                    __psa::Err(e) => __psa::Err(e),
                },
                #[cfg(feature = "accel")]
                AppDispatchHashOperation::Accel(ref ctx) => {
                    match __psa::entry::hash_clone::clone::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut receipt,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchHashOperation::Accel(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                AppDispatchHashOperation::Builtin(ref ctx) => {
                    __psa::entry::hash_clone::clone::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                    .map(AppDispatchHashOperation::Builtin)
                }
            }
        }

        fn hash_abort(&self, op: &mut AppDispatchHashOperation) -> __psa::Result<()> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::HashAbort);
            match *op {
                AppDispatchHashOperation::P256(ref mut ctx) => __psa::entry::hash_abort::abort::<
                    <psa_drivers::P256 as __psa::Driver>::Itself,
                >(
                    &self.p256, 0, ctx, &mut receipt
                ),
                #[cfg(feature = "accel")]
                AppDispatchHashOperation::Accel(ref mut ctx) => __psa::entry::hash_abort::abort::<
                    <Accel as __psa::Driver>::Itself,
                >(
                    &self.accel, 1, ctx, &mut receipt
                ),
                AppDispatchHashOperation::Builtin(ref mut ctx) => {
                    __psa::entry::hash_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn mac_compute(
            &self,
            mut args: __psa::entry::mac_compute::Args<'_>,
        ) -> __psa::entry::mac_compute::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::mac_compute::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) =
                            __psa::entry::mac_compute::offer::<<Accel as __psa::Driver>::Itself, _>(
                                &self.accel,
                                1,
                                &req,
                                &mut args,
                                &mut receipt,
                                __psa::entry::never,
                            )
                        {
                            return r;
                        }
                    }
                    __psa::entry::mac_compute::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::mac_compute::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn mac_sign_setup(
            &self,
            mut args: __psa::entry::mac_sign_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchMacOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::mac_sign_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::mac_sign_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::mac_sign_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchMacOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::mac_sign_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn mac_verify_setup(
            &self,
            mut args: __psa::entry::mac_verify_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchMacOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::mac_verify_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::mac_verify_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::mac_verify_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchMacOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::mac_verify_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchMacOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn mac_update(
            &self,
            op: &mut AppDispatchMacOperation,
            mut args: __psa::entry::mac_update::Args<'_>,
        ) -> __psa::entry::mac_update::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::MacUpdate);
            match *op {
                AppDispatchMacOperation::P256(ref mut ctx) => {
                    __psa::entry::mac_update::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchMacOperation::Accel(ref mut ctx) => {
                    __psa::entry::mac_update::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Se(ref mut ctx) => {
                    __psa::entry::mac_update::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Builtin(ref mut ctx) => {
                    __psa::entry::mac_update::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn mac_sign_finish(
            &self,
            op: &mut AppDispatchMacOperation,
            mut args: __psa::entry::mac_sign_finish::Args<'_>,
        ) -> __psa::entry::mac_sign_finish::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::MacSignFinish);
            match *op {
                AppDispatchMacOperation::P256(ref mut ctx) => {
                    __psa::entry::mac_sign_finish::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchMacOperation::Accel(ref mut ctx) => {
                    __psa::entry::mac_sign_finish::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Se(ref mut ctx) => {
                    __psa::entry::mac_sign_finish::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Builtin(ref mut ctx) => {
                    __psa::entry::mac_sign_finish::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn mac_verify_finish(
            &self,
            op: &mut AppDispatchMacOperation,
            mut args: __psa::entry::mac_verify_finish::Args<'_>,
        ) -> __psa::entry::mac_verify_finish::Output {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::MacVerifyFinish);
            match *op {
                AppDispatchMacOperation::P256(ref mut ctx) => {
                    __psa::entry::mac_verify_finish::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchMacOperation::Accel(ref mut ctx) => {
                    __psa::entry::mac_verify_finish::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Se(ref mut ctx) => {
                    __psa::entry::mac_verify_finish::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchMacOperation::Builtin(ref mut ctx) => {
                    __psa::entry::mac_verify_finish::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn mac_abort(&self, op: &mut AppDispatchMacOperation) -> __psa::Result<()> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::MacAbort);
            match *op {
                AppDispatchMacOperation::P256(ref mut ctx) => __psa::entry::mac_abort::abort::<
                    <psa_drivers::P256 as __psa::Driver>::Itself,
                >(
                    &self.p256, 0, ctx, &mut receipt
                ),
                #[cfg(feature = "accel")]
                AppDispatchMacOperation::Accel(ref mut ctx) => __psa::entry::mac_abort::abort::<
                    <Accel as __psa::Driver>::Itself,
                >(
                    &self.accel, 1, ctx, &mut receipt
                ),
                AppDispatchMacOperation::Se(ref mut ctx) => __psa::entry::mac_abort::abort::<
                    <SecureElement as __psa::Driver>::Itself,
                >(
                    &self.se, 2, ctx, &mut receipt
                ),
                AppDispatchMacOperation::Builtin(ref mut ctx) => {
                    __psa::entry::mac_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn cipher_encrypt(
            &self,
            mut args: __psa::entry::cipher_encrypt::Args<'_>,
        ) -> __psa::entry::cipher_encrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::cipher_encrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::cipher_encrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::cipher_encrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::cipher_encrypt::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn cipher_decrypt(
            &self,
            mut args: __psa::entry::cipher_decrypt::Args<'_>,
        ) -> __psa::entry::cipher_decrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::cipher_decrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::cipher_decrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::cipher_decrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::cipher_decrypt::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn cipher_encrypt_setup(
            &self,
            mut args: __psa::entry::cipher_encrypt_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchCipherOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::cipher_encrypt_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::cipher_encrypt_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::cipher_encrypt_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchCipherOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::cipher_encrypt_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn cipher_decrypt_setup(
            &self,
            mut args: __psa::entry::cipher_decrypt_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchCipherOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::cipher_decrypt_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::cipher_decrypt_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::cipher_decrypt_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchCipherOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::cipher_decrypt_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchCipherOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn cipher_set_iv(
            &self,
            op: &mut AppDispatchCipherOperation,
            mut args: __psa::entry::cipher_set_iv::Args<'_>,
        ) -> __psa::entry::cipher_set_iv::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::CipherSetIv);
            match *op {
                AppDispatchCipherOperation::P256(ref mut ctx) => {
                    __psa::entry::cipher_set_iv::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchCipherOperation::Accel(ref mut ctx) => {
                    __psa::entry::cipher_set_iv::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Se(ref mut ctx) => {
                    __psa::entry::cipher_set_iv::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Builtin(ref mut ctx) => {
                    __psa::entry::cipher_set_iv::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn cipher_update(
            &self,
            op: &mut AppDispatchCipherOperation,
            mut args: __psa::entry::cipher_update::Args<'_>,
        ) -> __psa::entry::cipher_update::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::CipherUpdate);
            match *op {
                AppDispatchCipherOperation::P256(ref mut ctx) => {
                    __psa::entry::cipher_update::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchCipherOperation::Accel(ref mut ctx) => {
                    __psa::entry::cipher_update::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Se(ref mut ctx) => {
                    __psa::entry::cipher_update::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Builtin(ref mut ctx) => {
                    __psa::entry::cipher_update::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn cipher_finish(
            &self,
            op: &mut AppDispatchCipherOperation,
            mut args: __psa::entry::cipher_finish::Args<'_>,
        ) -> __psa::entry::cipher_finish::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::CipherFinish);
            match *op {
                AppDispatchCipherOperation::P256(ref mut ctx) => {
                    __psa::entry::cipher_finish::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchCipherOperation::Accel(ref mut ctx) => {
                    __psa::entry::cipher_finish::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Se(ref mut ctx) => {
                    __psa::entry::cipher_finish::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Builtin(ref mut ctx) => {
                    __psa::entry::cipher_finish::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn cipher_abort(&self, op: &mut AppDispatchCipherOperation) -> __psa::Result<()> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::CipherAbort);
            match *op {
                AppDispatchCipherOperation::P256(ref mut ctx) => {
                    __psa::entry::cipher_abort::abort::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchCipherOperation::Accel(ref mut ctx) => {
                    __psa::entry::cipher_abort::abort::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut receipt,
                    )
                }
                AppDispatchCipherOperation::Se(ref mut ctx) => __psa::entry::cipher_abort::abort::<
                    <SecureElement as __psa::Driver>::Itself,
                >(
                    &self.se, 2, ctx, &mut receipt
                ),
                AppDispatchCipherOperation::Builtin(ref mut ctx) => {
                    __psa::entry::cipher_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn aead_encrypt(
            &self,
            mut args: __psa::entry::aead_encrypt::Args<'_>,
        ) -> __psa::entry::aead_encrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::aead_encrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::aead_encrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::aead_encrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::aead_encrypt::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn aead_decrypt(
            &self,
            mut args: __psa::entry::aead_decrypt::Args<'_>,
        ) -> __psa::entry::aead_decrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::aead_decrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::aead_decrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::aead_decrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::aead_decrypt::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn aead_encrypt_setup(
            &self,
            mut args: __psa::entry::aead_encrypt_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchAeadOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::aead_encrypt_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::aead_encrypt_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::aead_encrypt_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchAeadOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::aead_encrypt_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn aead_decrypt_setup(
            &self,
            mut args: __psa::entry::aead_decrypt_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchAeadOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::aead_decrypt_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::aead_decrypt_setup::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::aead_decrypt_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchAeadOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::aead_decrypt_setup::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchAeadOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn aead_set_nonce(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_set_nonce::Args<'_>,
        ) -> __psa::entry::aead_set_nonce::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadSetNonce);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_set_nonce::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_set_nonce::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_set_nonce::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_set_nonce::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_set_lengths(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_set_lengths::Args,
        ) -> __psa::entry::aead_set_lengths::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadSetLengths);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_set_lengths::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_set_lengths::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_set_lengths::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_set_lengths::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_update_ad(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_update_ad::Args<'_>,
        ) -> __psa::entry::aead_update_ad::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadUpdateAd);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_update_ad::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_update_ad::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_update_ad::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_update_ad::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_update(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_update::Args<'_>,
        ) -> __psa::entry::aead_update::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadUpdate);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_update::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_update::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_update::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_update::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_finish(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_finish::Args<'_>,
        ) -> __psa::entry::aead_finish::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadFinish);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_finish::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_finish::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_finish::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_finish::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_verify(
            &self,
            op: &mut AppDispatchAeadOperation,
            mut args: __psa::entry::aead_verify::Args<'_>,
        ) -> __psa::entry::aead_verify::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadVerify);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => {
                    __psa::entry::aead_verify::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => {
                    __psa::entry::aead_verify::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Se(ref mut ctx) => {
                    __psa::entry::aead_verify::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_verify::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn aead_abort(&self, op: &mut AppDispatchAeadOperation) -> __psa::Result<()> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::AeadAbort);
            match *op {
                AppDispatchAeadOperation::P256(ref mut ctx) => __psa::entry::aead_abort::abort::<
                    <psa_drivers::P256 as __psa::Driver>::Itself,
                >(
                    &self.p256, 0, ctx, &mut receipt
                ),
                #[cfg(feature = "accel")]
                AppDispatchAeadOperation::Accel(ref mut ctx) => __psa::entry::aead_abort::abort::<
                    <Accel as __psa::Driver>::Itself,
                >(
                    &self.accel, 1, ctx, &mut receipt
                ),
                AppDispatchAeadOperation::Se(ref mut ctx) => __psa::entry::aead_abort::abort::<
                    <SecureElement as __psa::Driver>::Itself,
                >(
                    &self.se, 2, ctx, &mut receipt
                ),
                AppDispatchAeadOperation::Builtin(ref mut ctx) => {
                    __psa::entry::aead_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn sign_hash(
            &self,
            mut args: __psa::entry::sign_hash::Args<'_>,
        ) -> __psa::entry::sign_hash::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::sign_hash::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) =
                            __psa::entry::sign_hash::offer::<<Accel as __psa::Driver>::Itself, _>(
                                &self.accel,
                                1,
                                &req,
                                &mut args,
                                &mut receipt,
                                __psa::entry::never,
                            )
                        {
                            return r;
                        }
                    }
                    __psa::entry::sign_hash::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::sign_hash::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn verify_hash(
            &self,
            mut args: __psa::entry::verify_hash::Args<'_>,
        ) -> __psa::entry::verify_hash::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::verify_hash::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) =
                            __psa::entry::verify_hash::offer::<<Accel as __psa::Driver>::Itself, _>(
                                &self.accel,
                                1,
                                &req,
                                &mut args,
                                &mut receipt,
                                __psa::entry::never,
                            )
                        {
                            return r;
                        }
                    }
                    __psa::entry::verify_hash::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::verify_hash::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn sign_message(
            &self,
            mut args: __psa::entry::sign_message::Args<'_>,
        ) -> __psa::entry::sign_message::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::sign_message::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::sign_message::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::sign_message::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::sign_message::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn verify_message(
            &self,
            mut args: __psa::entry::verify_message::Args<'_>,
        ) -> __psa::entry::verify_message::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::verify_message::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::verify_message::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::verify_message::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::verify_message::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn asymmetric_encrypt(
            &self,
            mut args: __psa::entry::asymmetric_encrypt::Args<'_>,
        ) -> __psa::entry::asymmetric_encrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::asymmetric_encrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::asymmetric_encrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::asymmetric_encrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::asymmetric_encrypt::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn asymmetric_decrypt(
            &self,
            mut args: __psa::entry::asymmetric_decrypt::Args<'_>,
        ) -> __psa::entry::asymmetric_decrypt::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::asymmetric_decrypt::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::asymmetric_decrypt::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::asymmetric_decrypt::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::asymmetric_decrypt::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn key_agreement(
            &self,
            mut args: __psa::entry::key_agreement::Args<'_>,
        ) -> __psa::entry::key_agreement::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::key_agreement::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return r;
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) = __psa::entry::key_agreement::offer::<
                            <Accel as __psa::Driver>::Itself,
                            _,
                        >(
                            &self.accel,
                            1,
                            &req,
                            &mut args,
                            &mut receipt,
                            __psa::entry::never,
                        ) {
                            return r;
                        }
                    }
                    __psa::entry::key_agreement::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    __psa::entry::key_agreement::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn key_derivation_setup(
            &self,
            mut args: __psa::entry::key_derivation_setup::Args,
        ) -> __psa::Result<AppDispatchKeyDerivationOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            if let __psa::Some(r) = __psa::entry::key_derivation_setup::offer::<
                <psa_drivers::P256 as __psa::Driver>::Itself,
                _,
            >(
                &self.p256,
                0,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            ) {
                return match r {
                    __psa::Ok(ctx) => __psa::Ok(AppDispatchKeyDerivationOperation::P256(ctx)),
                    __psa::Err(e) => __psa::Err(e),
                };
            }

            #[cfg(feature = "accel")]
            {
                if let __psa::Some(r) = __psa::entry::key_derivation_setup::offer::<
                    <Accel as __psa::Driver>::Itself,
                    _,
                >(
                    &self.accel,
                    1,
                    &req,
                    &mut args,
                    &mut receipt,
                    __psa::entry::never,
                ) {
                    return match r {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchKeyDerivationOperation::Accel(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    };
                }
            }
            __psa::entry::key_derivation_setup::own::<
                <__psa::builtin::Builtin as __psa::Driver>::Itself,
                _,
            >(
                &__psa::builtin::Builtin,
                3,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            )
            .map(AppDispatchKeyDerivationOperation::Builtin)
        }

        fn key_derivation_input_key(
            &self,
            mut args: __psa::entry::key_derivation_input_key::Args<'_>,
        ) -> __psa::Result<AppDispatchKeyDerivationOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => __psa::Err(__psa::Error::NotSupported),
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::key_derivation_input_key::own::<
                        <SecureElement as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchKeyDerivationOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn key_derivation_input_bytes(
            &self,
            op: &mut AppDispatchKeyDerivationOperation,
            mut args: __psa::entry::key_derivation_input_bytes::Args<'_>,
        ) -> __psa::entry::key_derivation_input_bytes::Output {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::KeyDerivationInputBytes);
            match *op {
                AppDispatchKeyDerivationOperation::P256(ref mut ctx) => {
                    __psa::entry::key_derivation_input_bytes::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchKeyDerivationOperation::Accel(ref mut ctx) => {
                    __psa::entry::key_derivation_input_bytes::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchKeyDerivationOperation::Se(ref mut ctx) => {
                    __psa::entry::key_derivation_input_bytes::step::<
                        <SecureElement as __psa::Driver>::Itself,
                    >(&self.se, 2, ctx, &mut args, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Builtin(ref mut ctx) => {
                    __psa::entry::key_derivation_input_bytes::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn key_derivation_input_integer(
            &self,
            op: &mut AppDispatchKeyDerivationOperation,
            mut args: __psa::entry::key_derivation_input_integer::Args,
        ) -> __psa::entry::key_derivation_input_integer::Output {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::KeyDerivationInputInteger);
            match *op {
                AppDispatchKeyDerivationOperation::P256(ref mut ctx) => {
                    __psa::entry::key_derivation_input_integer::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchKeyDerivationOperation::Accel(ref mut ctx) => {
                    __psa::entry::key_derivation_input_integer::step::<
                        <Accel as __psa::Driver>::Itself,
                    >(&self.accel, 1, ctx, &mut args, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Se(ref mut ctx) => {
                    __psa::entry::key_derivation_input_integer::step::<
                        <SecureElement as __psa::Driver>::Itself,
                    >(&self.se, 2, ctx, &mut args, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Builtin(ref mut ctx) => {
                    __psa::entry::key_derivation_input_integer::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn key_derivation_output_bytes(
            &self,
            op: &mut AppDispatchKeyDerivationOperation,
            mut args: __psa::entry::key_derivation_output_bytes::Args<'_>,
        ) -> __psa::entry::key_derivation_output_bytes::Output {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::KeyDerivationOutputBytes);
            match *op {
                AppDispatchKeyDerivationOperation::P256(ref mut ctx) => {
                    __psa::entry::key_derivation_output_bytes::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchKeyDerivationOperation::Accel(ref mut ctx) => {
                    __psa::entry::key_derivation_output_bytes::step::<
                        <Accel as __psa::Driver>::Itself,
                    >(&self.accel, 1, ctx, &mut args, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Se(ref mut ctx) => {
                    __psa::entry::key_derivation_output_bytes::step::<
                        <SecureElement as __psa::Driver>::Itself,
                    >(&self.se, 2, ctx, &mut args, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Builtin(ref mut ctx) => {
                    __psa::entry::key_derivation_output_bytes::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn key_derivation_abort(
            &self,
            op: &mut AppDispatchKeyDerivationOperation,
        ) -> __psa::Result<()> {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::KeyDerivationAbort);
            match *op {
                AppDispatchKeyDerivationOperation::P256(ref mut ctx) => {
                    __psa::entry::key_derivation_abort::abort::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchKeyDerivationOperation::Accel(ref mut ctx) => {
                    __psa::entry::key_derivation_abort::abort::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut receipt,
                    )
                }
                AppDispatchKeyDerivationOperation::Se(ref mut ctx) => {
                    __psa::entry::key_derivation_abort::abort::<
                        <SecureElement as __psa::Driver>::Itself,
                    >(&self.se, 2, ctx, &mut receipt)
                }
                AppDispatchKeyDerivationOperation::Builtin(ref mut ctx) => {
                    __psa::entry::key_derivation_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn pake_setup(
            &self,
            mut args: __psa::entry::pake_setup::Args<'_>,
        ) -> __psa::Result<AppDispatchPakeOperation> {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            match req.location {
                __psa::Location::LOCAL_STORAGE => {
                    if let __psa::Some(r) = __psa::entry::pake_setup::offer::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                        _,
                    >(
                        &self.p256,
                        0,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        return match r {
                            __psa::Ok(ctx) => __psa::Ok(AppDispatchPakeOperation::P256(ctx)),
                            __psa::Err(e) => __psa::Err(e),
                        };
                    }

                    #[cfg(feature = "accel")]
                    {
                        if let __psa::Some(r) =
                            __psa::entry::pake_setup::offer::<<Accel as __psa::Driver>::Itself, _>(
                                &self.accel,
                                1,
                                &req,
                                &mut args,
                                &mut receipt,
                                __psa::entry::never,
                            )
                        {
                            return match r {
                                __psa::Ok(ctx) => __psa::Ok(AppDispatchPakeOperation::Accel(ctx)),
                                __psa::Err(e) => __psa::Err(e),
                            };
                        }
                    }
                    __psa::entry::pake_setup::own::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                        _,
                    >(
                        &__psa::builtin::Builtin,
                        3,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                    .map(AppDispatchPakeOperation::Builtin)
                }
                location if location == <SecureElement as __psa::Driver>::LOCATION => {
                    match __psa::entry::pake_setup::own::<<SecureElement as __psa::Driver>::Itself, _>(
                        &self.se,
                        2,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    ) {
                        __psa::Ok(ctx) => __psa::Ok(AppDispatchPakeOperation::Se(ctx)),
                        __psa::Err(e) => __psa::Err(e),
                    }
                }
                _ => {
                    receipt.unknown_location();
                    __psa::Err(__psa::Error::InvalidArgument)
                }
            }
        }

        fn pake_output(
            &self,
            op: &mut AppDispatchPakeOperation,
            mut args: __psa::entry::pake_output::Args<'_>,
        ) -> __psa::entry::pake_output::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::PakeOutput);
            match *op {
                AppDispatchPakeOperation::P256(ref mut ctx) => {
                    __psa::entry::pake_output::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchPakeOperation::Accel(ref mut ctx) => {
                    __psa::entry::pake_output::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchPakeOperation::Se(ref mut ctx) => {
                    __psa::entry::pake_output::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchPakeOperation::Builtin(ref mut ctx) => {
                    __psa::entry::pake_output::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn pake_input(
            &self,
            op: &mut AppDispatchPakeOperation,
            mut args: __psa::entry::pake_input::Args<'_>,
        ) -> __psa::entry::pake_input::Output {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::PakeInput);
            match *op {
                AppDispatchPakeOperation::P256(ref mut ctx) => {
                    __psa::entry::pake_input::step::<<psa_drivers::P256 as __psa::Driver>::Itself>(
                        &self.p256,
                        0,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }

                #[cfg(feature = "accel")]
                AppDispatchPakeOperation::Accel(ref mut ctx) => {
                    __psa::entry::pake_input::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchPakeOperation::Se(ref mut ctx) => {
                    __psa::entry::pake_input::step::<<SecureElement as __psa::Driver>::Itself>(
                        &self.se,
                        2,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchPakeOperation::Builtin(ref mut ctx) => {
                    __psa::entry::pake_input::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn pake_get_shared_key(
            &self,
            op: &mut AppDispatchPakeOperation,
            mut args: __psa::entry::pake_get_shared_key::Args<'_>,
        ) -> __psa::entry::pake_get_shared_key::Output {
            let mut receipt = self
                .__psa_recorder
                .begin(__psa::EntryPoint::PakeGetSharedKey);
            match *op {
                AppDispatchPakeOperation::P256(ref mut ctx) => {
                    __psa::entry::pake_get_shared_key::step::<
                        <psa_drivers::P256 as __psa::Driver>::Itself,
                    >(&self.p256, 0, ctx, &mut args, &mut receipt)
                }

                #[cfg(feature = "accel")]
                AppDispatchPakeOperation::Accel(ref mut ctx) => {
                    __psa::entry::pake_get_shared_key::step::<<Accel as __psa::Driver>::Itself>(
                        &self.accel,
                        1,
                        ctx,
                        &mut args,
                        &mut receipt,
                    )
                }
                AppDispatchPakeOperation::Se(ref mut ctx) => {
                    __psa::entry::pake_get_shared_key::step::<
                        <SecureElement as __psa::Driver>::Itself,
                    >(&self.se, 2, ctx, &mut args, &mut receipt)
                }
                AppDispatchPakeOperation::Builtin(ref mut ctx) => {
                    __psa::entry::pake_get_shared_key::step::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut args, &mut receipt)
                }
            }
        }

        fn pake_abort(&self, op: &mut AppDispatchPakeOperation) -> __psa::Result<()> {
            let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::PakeAbort);
            match *op {
                AppDispatchPakeOperation::P256(ref mut ctx) => __psa::entry::pake_abort::abort::<
                    <psa_drivers::P256 as __psa::Driver>::Itself,
                >(
                    &self.p256, 0, ctx, &mut receipt
                ),
                #[cfg(feature = "accel")]
                AppDispatchPakeOperation::Accel(ref mut ctx) => __psa::entry::pake_abort::abort::<
                    <Accel as __psa::Driver>::Itself,
                >(
                    &self.accel, 1, ctx, &mut receipt
                ),
                AppDispatchPakeOperation::Se(ref mut ctx) => __psa::entry::pake_abort::abort::<
                    <SecureElement as __psa::Driver>::Itself,
                >(
                    &self.se, 2, ctx, &mut receipt
                ),
                AppDispatchPakeOperation::Builtin(ref mut ctx) => {
                    __psa::entry::pake_abort::abort::<
                        <__psa::builtin::Builtin as __psa::Driver>::Itself,
                    >(&__psa::builtin::Builtin, 3, ctx, &mut receipt)
                }
            }
        }

        fn get_random(
            &self,
            mut args: __psa::entry::get_random::Args<'_>,
        ) -> __psa::entry::get_random::Output {
            let req = args.request();
            let mut receipt = self.__psa_recorder.begin_request(&req);
            if let __psa::Some(r) =
                __psa::entry::get_random::offer::<<psa_drivers::P256 as __psa::Driver>::Itself, _>(
                    &self.p256,
                    0,
                    &req,
                    &mut args,
                    &mut receipt,
                    __psa::entry::never,
                )
            {
                return r;
            }

            #[cfg(feature = "accel")]
            {
                if let __psa::Some(r) =
                    __psa::entry::get_random::offer::<<Accel as __psa::Driver>::Itself, _>(
                        &self.accel,
                        1,
                        &req,
                        &mut args,
                        &mut receipt,
                        __psa::entry::never,
                    )
                {
                    return r;
                }
            }
            __psa::entry::get_random::own::<<__psa::builtin::Builtin as __psa::Driver>::Itself, _>(
                &__psa::builtin::Builtin,
                3,
                &req,
                &mut args,
                &mut receipt,
                __psa::entry::never,
            )
        }
    }

    const _: () = __psa::assert!(
        __psa::matches!(
            <psa_drivers::P256 as __psa::Driver>::KIND,
            __psa::DriverKind::Transparent
        ),
        "`p256` is listed under `transparent` but `psa_drivers::P256` is an opaque driver"
    );
    #[cfg(feature = "accel")]
    const _: () = __psa::assert!(
        __psa::matches!(
            <Accel as __psa::Driver>::KIND,
            __psa::DriverKind::Transparent
        ),
        "`accel` is listed under `transparent` but `Accel` is an opaque driver"
    );
    const _: () = __psa::assert!(
        __psa::matches!(
            <SecureElement as __psa::Driver>::KIND,
            __psa::DriverKind::Opaque
        ),
        "`se` is listed under `opaque` but `SecureElement` is a transparent driver"
    );
    const FIELDS: &[&str] = &["p256", "accel", "se"];
    #[cfg(feature = "accel")]
    const _: () = if let __psa::Some(m) = __psa::bom::check_distinct(&AppDispatch::INFO, 1, FIELDS)
    {
        __psa::panic!("{}", m.as_str())
    };

    const _: () = if let __psa::Some(m) = __psa::bom::check_distinct(&AppDispatch::INFO, 2, FIELDS)
    {
        __psa::panic!("{}", m.as_str())
    };

    const _: () = if let __psa::Some(m) = __psa::bom::check_reachable(&AppDispatch::INFO, 1) {
        __psa::panic!("{}", m.as_str())
    };
};
