//! Where the server may listen. The protocol runs over plain HTTP, which carries the bearer
//! token and the contacts in the clear: on the loopback interface only this machine sees
//! them; on any other address, everyone on the path does. So another address is refused
//! unless the caller explicitly allows it (and then, one hopes, puts TLS in front).

use crate::error::ServerError;
use std::net::SocketAddr;

/// Which addresses [`ListenPolicy::check`] accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListenPolicy {
    /// Loopback addresses only (`127.0.0.0/8`, `::1`). The default.
    #[default]
    LoopbackOnly,
    /// Any address: the caller accepted that plain HTTP carries tokens in the clear there.
    AnyAddress,
}

impl ListenPolicy {
    /// `Ok` when the policy allows listening on `addr`; otherwise an error saying why not and
    /// what to do.
    pub fn check(self, addr: SocketAddr) -> Result<(), ServerError> {
        if addr.ip().is_loopback() || self == ListenPolicy::AnyAddress {
            return Ok(());
        }
        Err(ServerError::Listen(format!(
            "refusing to listen on {addr}: the server speaks plain HTTP, so bearer tokens and \
             contacts would cross the network in the clear. Listen on 127.0.0.1 (and reach it \
             through an SSH tunnel or a TLS proxy), or allow other addresses explicitly"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_allowed_and_others_need_the_explicit_policy() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let v6: SocketAddr = "[::1]:8080".parse().unwrap();
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(ListenPolicy::LoopbackOnly.check(loopback).is_ok());
        assert!(ListenPolicy::LoopbackOnly.check(v6).is_ok());
        let err = ListenPolicy::LoopbackOnly
            .check(public)
            .unwrap_err()
            .to_string();
        assert!(err.contains("in the clear"), "{err}");
        assert!(ListenPolicy::AnyAddress.check(public).is_ok());
    }
}
