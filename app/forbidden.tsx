import Link from 'next/link';

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="text-sm font-semibold text-slate-600">403</p>
      <h1 className="mt-2 text-2xl font-bold">You do not have access to this area</h1>
      <p className="mt-3 text-slate-700">This part of Rapport belongs to another role. Your own pages are one click away.</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-teal-700 px-4 font-semibold text-white hover:bg-teal-800">
        Go to my home page
      </Link>
    </main>
  );
}
