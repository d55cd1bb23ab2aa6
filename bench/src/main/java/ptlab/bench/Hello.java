package ptlab.bench;

/** The floor's child: a one-class program that prints one line as its first statement and ends. */
public final class Hello {

    private Hello() {
    }

    /**
     * Prints {@code hello} and returns.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
