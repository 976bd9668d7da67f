/** Small shared pieces: the status/alert notice, files to and from base64. */
export type NoticeState = { kind: 'ok' | 'error'; text: string; items?: string[] } | null;

export function Notice({ state }: { state: NoticeState }) {
  if (!state) return null;
  return (
    <div role={state.kind === 'error' ? 'alert' : 'status'} className={state.kind}>
      <p>{state.text}</p>
      {state.items && state.items.length > 0 && (
        <ul>
          {state.items.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function downloadBase64(content: string, fileName: string, mediaType: string) {
  const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
  a.download = fileName;
  a.click();
}

export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Không đọc được tệp.'));
    reader.readAsDataURL(file);
  });
}
