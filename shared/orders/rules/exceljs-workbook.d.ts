/**
 * exceljs's Workbook class alone (its module inside the package, pinned at an exact version in
 * package.json): the package's main module also loads its streaming reader and writer (unzipper,
 * archiver, bluebird), which the export never uses and which would double its Lambda bundle.
 */
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';

  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}
