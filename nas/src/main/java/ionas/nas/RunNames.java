package ionas.nas;

import java.util.regex.Pattern;

/**
 * Names that become folder or file names of a run (a cell's name in a cell list, a search or
 * prediction label). Checked before any path is made of them: a cell named {@code ../x} wrote
 * outside {@code --out}, and a name with a slash or a leading dot makes folders nobody asked for.
 */
public final class RunNames {
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit: a name on every file system. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private RunNames() {}

    /** {@code name} itself when it is safe as one folder or file name, else an error naming {@code what}. */
    public static String check(String what, String name) {
        if (name == null || !SAFE.matcher(name).matches())
            throw new IllegalArgumentException(what + " '" + name + "' cannot name a folder: use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most 100 characters");
        return name;
    }

    /**
     * {@code name} itself when it is a relative path of safe names ("train/9018...": a role's
     * folder, then the network's), else an error naming {@code what}; no part may be "..".
     */
    public static String checkPath(String what, String name) {
        if (name == null || name.isEmpty()) return check(what, name);
        for (String part : name.split("/", -1)) {
            if (!SAFE.matcher(part).matches())
                throw new IllegalArgumentException(what + " '" + name + "' cannot name a folder: each part between '/' must be"
                        + " letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters");
        }
        return name;
    }
}
