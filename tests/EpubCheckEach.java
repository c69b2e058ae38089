import com.adobe.epubcheck.tool.EpubChecker;

/**
 * EPUBCheck on many books in one Java process (each process spends seconds loading its schemas): the arguments
 * are pairs of a book and the JSON report to write for it. Run by tests/epubchecking.py with Java's source-file
 * launcher: java -cp epubcheck.jar EpubCheckEach.java BOOK REPORT [BOOK REPORT ...]
 */
public class EpubCheckEach {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--quiet", "--json", args[i + 1]});
        }
    }
}
