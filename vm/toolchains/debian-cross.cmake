# Shared by the Debian cross toolchain files: SUITE_TRIPLET names the
# compiler and the multiarch directory, SUITE_QEMU_USER runs target programs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${SUITE_TRIPLET}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${SUITE_TRIPLET})
# Libraries and headers only from the cross libc, SUITE_SYSROOT (the target's
# libcap-dev and libkeyutils-dev unpacked by vm/lib.sh's cross_sysroot, so no
# foreign architecture is added to dpkg) and the multiarch directories
# (/usr/lib/TRIPLET); the host's own never match.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SUITE_SYSROOT)
set(CMAKE_FIND_ROOT_PATH ${SUITE_SYSROOT} /usr/${SUITE_TRIPLET} /)
if(SUITE_SYSROOT)
  set(CMAKE_C_FLAGS_INIT "-isystem ${SUITE_SYSROOT}/usr/include")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Unit tests (built when the target's libcmocka-dev is installed) run under
# qemu-user; without it, ctest cannot run them.
find_program(SUITE_QEMU_USER_PATH ${SUITE_QEMU_USER})
if(SUITE_QEMU_USER_PATH)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SUITE_QEMU_USER_PATH})
endif()
