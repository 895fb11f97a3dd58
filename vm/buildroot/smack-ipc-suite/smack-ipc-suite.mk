################################################################################
#
# smack-ipc-suite
#
################################################################################

SMACK_IPC_SUITE_VERSION = 0.1.0
# Point SMACK_IPC_SUITE_OVERRIDE_SRCDIR (local.mk) at your clone, or set
# SMACK_IPC_SUITE_SITE to where your copy of the project is served from.
SMACK_IPC_SUITE_SITE_METHOD = local
SMACK_IPC_SUITE_SITE ?= $(TOPDIR)/../smack-ipc-suite
# The project has no licence file yet: set these when it has one.
SMACK_IPC_SUITE_LICENSE = PROPRIETARY
SMACK_IPC_SUITE_DEPENDENCIES = libcap keyutils
# The target gets the suite and its runner; unit tests and guests are host-only.
SMACK_IPC_SUITE_CONF_OPTS = -DSUITE_UNIT_TESTS=OFF -DSUITE_GUEST_TESTS=OFF
ifeq ($(BR2_STATIC_LIBS),y)
SMACK_IPC_SUITE_CONF_OPTS += -DSUITE_STATIC=ON
endif

$(eval $(cmake-package))
