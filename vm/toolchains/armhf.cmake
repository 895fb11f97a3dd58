# Cross-build for 32-bit ARM (hard float) with Debian's cross compiler
# (gcc-arm-linux-gnueabihf, libc6-dev-armhf-cross) and the target's libcap and
# libkeyutils: either a sysroot (vm/cross-build.sh fetches one) or multiarch
# libcap-dev:armhf and libkeyutils-dev:armhf.
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=vm/toolchains/armhf.cmake -DSUITE_STATIC=ON [-DSUITE_SYSROOT=DIR]
set(CMAKE_SYSTEM_PROCESSOR arm)
set(SUITE_TRIPLET arm-linux-gnueabihf)
set(SUITE_QEMU_USER qemu-arm-static)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
