package io.github.spencerpark.ijava;

/** A stand-in for IJava's main class: {@code getKernelInstance()} is null when no kernel runs, as in IJava. */
public class IJava {

    /** The running kernel, set by a test; null for none. */
    public static volatile JavaKernel kernel;

    public static JavaKernel getKernelInstance() {
        return kernel;
    }
}
