/**
 * Stands in for `better-sqlite3` in the app's bundles (scripts/build-app.mjs redirects the package's
 * imports here). With CMDBW_SQLITE_BINDING set, every database loads that native binding instead of the
 * one in node_modules: `npm start` builds an Electron-ABI copy of better-sqlite3 into .electron-native/ and
 * points here, so node_modules keeps its Node-ABI build for the CLI and the tests. Unset (packaged apps,
 * whose node_modules electron-builder rebuilt for Electron), this is better-sqlite3 itself.
 */
import Database from 'better-sqlite3';

const binding = process.env.CMDBW_SQLITE_BINDING;

function AppDatabase(filename?: string | Buffer, options: Database.Options = {}): Database.Database {
  return new Database(
    filename,
    binding && options.nativeBinding === undefined ? { ...options, nativeBinding: binding } : options,
  );
}
AppDatabase.prototype = Database.prototype;
Object.setPrototypeOf(AppDatabase, Database);

export default AppDatabase as unknown as typeof Database;
