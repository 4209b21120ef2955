# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Builds the media core (mod_aiframe/src/core) into the package as a plain
shared library that aiframe.media loads with ctypes: one C implementation of
the arena layout for the module and the controller alike. The media benchmark's
paced producer (mod_aiframe/src/bench) is a library of its own in the lab, with
its own copy of the core, so the product's core carries no benchmark code."""

from glob import glob

from setuptools import Extension, setup

CORE = sorted(glob("mod_aiframe/src/core/*.c"))
INCLUDE = ["mod_aiframe/include", "mod_aiframe/src/core"]
FLAGS = ["-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror"]

setup(
    ext_modules=[
        Extension(
            "aiframe.media._aifcore",
            sources=CORE,
            include_dirs=INCLUDE,
            extra_compile_args=FLAGS,
        ),
        Extension(
            "aiframe.lab.bench._producer",
            sources=CORE + ["mod_aiframe/src/bench/producer.c"],
            include_dirs=INCLUDE,
            extra_compile_args=FLAGS,
        ),
    ]
)
