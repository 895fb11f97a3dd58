/*
 * The upstream changes that move an expectation, in one place: each names
 * its commit, the first mainline release, the first release of every
 * stable series that got it as a backport, and how those releases were
 * established. Cases attach them to rows with the expectation before them.
 */
#ifndef CASES_GATES_H
#define CASES_GATES_H

#include "expect.h"

extern const struct gate socket_receive_gate; /* 4.5: sockets judged by their socket labels */
extern const struct gate huh_gate;            /* unknown secid reads "?" not "" */
extern const struct gate socketpair_gate;     /* socketpair() ends know their peer */
extern const struct gate key_view_gate;       /* view and search need r */
extern const struct gate key_override_gate;   /* smack_key_permission honours CAP_MAC_OVERRIDE */
extern const struct gate pidfd_open_gate;     /* pidfd_open() exists */
extern const struct gate pidfd_getfd_gate;    /* pidfd_getfd() exists */
extern const struct gate key_enum_gate;       /* lookups for no permission pass SMACK */
extern const struct gate transmute_get_gate;  /* SMACK64TRANSMUTE reads "" on a plain dir */
extern const struct gate accept_label_gate;   /* accept()ed UNIX socket has the listener's labels */
extern const struct gate synack_gate;         /* IPv4 SYN-ACK labelled with the listener's label */
extern const struct gate passrights_gate;     /* SO_PASSRIGHTS */
extern const struct gate notrunc_gate;        /* SO_RIGHTS_NOTRUNC */

#endif
