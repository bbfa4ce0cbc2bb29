/**
 * The file picker's accept list while GET /api/uploads/policy has not answered (or
 * failed): what the server's DEFAULT_UPLOAD_POLICY accepts, types and extensions.
 * test/crm/upload-content.test.ts keeps it equal to the server's acceptOf().
 */
export const DEFAULT_ACCEPT =
  'application/pdf,.pdf,image/jpeg,.jpg,.jpeg,.jpe,.jfif,image/png,.png,image/heic,.heic,.heif,image/webp,.webp,application/msword,.doc,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx,application/vnd.ms-excel,.xls,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,.xlsx,application/zip,.zip,text/plain,.txt';
