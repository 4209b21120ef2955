# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Builds the media core (mod_aiframe/src/core) into the package as a plain
shared library that aiframe.media loads with ctypes: one C implementation of
the arena layout for the module and the controller alike."""

from glob import glob

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "aiframe.media._aifcore",
            sources=sorted(glob("mod_aiframe/src/core/*.c")) + ["mod_aiframe/src/bench/producer.c"],
            include_dirs=["mod_aiframe/include", "mod_aiframe/src/core"],
            extra_compile_args=["-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror"],
        )
    ]
)
