//! Integration-test support for the PSA driver framework.
