package org.dflib.jjava;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** A stand-in for JJava's main class before 1.0: {@code getKernelInstance()} is null when no kernel runs. */
public class JJava {

    /** The running kernel, set by a test; null for none. */
    public static volatile BaseKernel kernel;

    public static BaseKernel getKernelInstance() {
        return kernel;
    }
}
