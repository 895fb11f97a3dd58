SUMMARY = "SMACK IPC conformance suite"
DESCRIPTION = "Labelled sender and receiver processes pass descriptors and use IPC \
objects across SMACK rules; every case compares what the kernel did with a \
version-gated expectation. Results as TAP, KTAP or ptest lines."
# The project has no licence file yet: set LICENSE and LIC_FILES_CHKSUM when it does.
LICENSE = "CLOSED"

# Point this at your clone of the project (a layer's bbappend, or local.conf).
SMACK_IPC_SUITE_URI ??= "git://${TOPDIR}/../smack-ipc-suite;protocol=file;branch=main"
SRC_URI = "${SMACK_IPC_SUITE_URI} file://run-ptest"
SRCREV ??= "${AUTOREV}"
S = "${WORKDIR}/git"

DEPENDS = "libcap keyutils"
inherit cmake ptest

# Unit tests need the host's cmocka and the report tool is a host tool: the
# target gets the suite and its one-line runner (cmake --install).
EXTRA_OECMAKE = "-DSUITE_UNIT_TESTS=OFF -DSUITE_GUEST_TESTS=OFF"

# The cases need a SMACK kernel (the fragment is installed for reference):
# CONFIG_SECURITY_SMACK=y, smack in the LSM list, and root.
FILES:${PN} += "${datadir}/smack-ipc-suite"
RDEPENDS:${PN}-ptest += "${PN}"
